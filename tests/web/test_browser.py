"""Playwright driving Debian chromium through the journeys on the REAL build of data/gazettes;
screenshots go to test-artifacts/web/."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from web.assets import VENDOR_DIR

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed"),
    pytest.mark.skipif(not (VENDOR_DIR / "cytoscape" / "cytoscape.min.js").is_file(),
                       reason="vendor assets missing: run `make assets`"),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture()
def page(browser, real_live_server):
    live_server = real_live_server
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                  accept_downloads=True)
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: problems.append("off-site request " + r.url)
            if not r.url.startswith((live_server, "data:", "blob:")) else None)
    page.problems = problems
    yield page
    context.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


TOILET_TASK = "https://w3id.org/govkg/id/doc/" + quote("忻政发〔2021〕20号", safe="") + "/task/3.1.2"


def test_who_is_responsible_for_rural_toilets_from_the_home_page(page):
    """A person who knows no SPARQL: home -> 农村改厕 -> the task, its agencies and target -> an agency -> the source."""
    page.goto("/")
    assert page.locator("#catalog-link").get_attribute("href") == "/downloads/catalog.ttl"
    shot(page, "01-home")
    page.fill(".hero input[name=q]", "农村改厕")
    page.click(".hero button[type=submit]")
    page.wait_for_selector("article.task")
    card = page.locator("article.task", has=page.locator("h3", has_text="全面推进厕所革命"))
    roles = card.locator("dl.roles").inner_text()
    for agency in ("忻州市农业农村局", "忻州市城市管理局", "忻州市生态环境局", "忻州市卫生健康委员会", "各县（市、区）人民政府"):
        assert agency in roles
    targets = card.locator("table.targets").inner_text()
    assert "农村卫生厕所普及率" in targets and "达到85%" in targets and "2025" in targets
    assert "农村改厕" in card.locator("small.clause").first.inner_text()
    shot(page, "02-responsible-农村改厕")
    card.locator("a.agency", has_text="忻州市农业农村局").click()
    page.wait_for_selector("h1:has-text('忻州市农业农村局')")
    assert "全面推进厕所革命" in page.locator("#gkg-responsibleAgency").inner_text()
    shot(page, "03-agency-农业农村局")
    page.go_back()
    page.wait_for_selector("article.task")
    page.locator("article.task table.targets a", has_text="农村卫生厕所普及率").first.click()
    page.wait_for_selector("section.provenance")
    assert "全市农村卫生厕所普及率达到85%" in page.locator("section.provenance blockquote").inner_text()
    shot(page, "04-target-provenance")
    assert page.problems == []


def test_search_alias_then_entity_page(page):
    page.goto("/")
    page.fill("header .quick input", "市住建局")
    page.press("header .quick input", "Enter")
    page.wait_for_selector("ol.hits")
    first = page.locator("li.hit").first
    assert first.locator(".hit-label").inner_text() == "忻州市住房和城乡建设局"
    shot(page, "05-search-市住建局")
    first.locator(".hit-label").click()
    page.wait_for_selector("table.properties")
    assert "市住建局" in page.locator("p.aliases").inner_text()
    assert "/id/org/xinzhou/" in page.url
    shot(page, "06-entity-住建局")
    page.locator("a", has_text="加强水资源约束").first.click()
    page.wait_for_selector("section.provenance")
    assert "加强水资源约束" in page.locator("section.provenance blockquote").inner_text()
    shot(page, "07-entity-task-provenance")
    assert page.problems == []


def test_responsibility_views(page):
    for path, selector, name in [("/matrix", "table.grid td.num", "08-matrix"), ("/timeline", "ol.timeline li", "09-timeline"),
                                 ("/downloads", "table.downloads, p.empty", "10-downloads")]:
        page.goto(path)
        page.wait_for_selector(selector)
        assert page.locator(selector).count() > 0
        shot(page, name)
    page.goto("/timeline")
    assert "忻政任〔2023〕4号" in page.locator("ol.timeline").inner_text()
    assert page.problems == []


def wait_until(page, expression: str, attempts: int = 200) -> None:
    """Polls with page.evaluate: wait_for_function would need eval, which the page's CSP forbids."""
    for _ in range(attempts):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {expression}")


def node_count(page) -> int:
    return page.evaluate("window.govkgCy.nodes().length")


def test_explorer_search_expand_filter_and_png(page):
    page.goto("/explore")
    page.fill("#start-search", "全面推进厕所革命")
    page.locator("#start-hits button", has_text="全面推进厕所革命").first.click()
    wait_until(page, "window.govkgCy && window.govkgCy.nodes().length > 1")
    assert page.evaluate("window.govkgCy.nodes().some(n => n.data('label') === '农村卫生厕所普及率达到85%')")
    before = node_count(page)
    # expand: tap an agency node through Cytoscape's own event path
    page.evaluate("""() => { const cy = window.govkgCy;
        cy.nodes().filter(n => n.data('label') === '忻州市农业农村局')[0].emit('tap'); }""")
    wait_until(page, f"window.govkgCy.nodes().length > {before}")
    page.locator("#relation-filters label", has_text="gkg:forTask").locator("input").uncheck()
    assert page.evaluate("window.govkgCy.edges('.filtered').every(e => e.data('relation') === 'gkg:forTask')")
    assert page.evaluate("window.govkgCy.edges('.filtered').length") > 0
    page.locator("#relation-filters label", has_text="gkg:forTask").locator("input").check()
    page.select_option("#layout", "concentric")
    shot(page, "11-explorer-expanded")
    with page.expect_download() as download:
        page.click("#png-button")
    download.value.save_as(ARTIFACTS / "12-explorer-export.png")
    assert (ARTIFACTS / "12-explorer-export.png").stat().st_size > 1000
    assert page.problems == []


def test_explorer_show_more_and_shortest_path(page):
    page.goto("/explore?iri=" + quote(TOILET_TASK, safe=""))
    wait_until(page, "window.govkgCy && window.govkgCy.nodes().length > 1")
    page.evaluate("""() => { const cy = window.govkgCy;
        const a = cy.nodes('.centre')[0];
        const b = cy.nodes().filter(n => n.data('label') === '忻州市农业农村局')[0];
        a.emit('tap'); b.emit({type: 'tap', originalEvent: {shiftKey: true}}); }""")
    page.wait_for_timeout(300)
    page.click("#path-button")
    wait_until(page, "document.getElementById('path-result').textContent.includes('—')")
    assert page.evaluate("window.govkgCy.elements('.path').length") >= 3
    shot(page, "13-explorer-path")
    assert page.problems == []


def test_example_query_in_yasgui(page):
    page.goto("/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.locator("button.example", has_text="谁牵头这项任务").click()
    page.wait_for_selector(".yasr table.dataTable tbody tr, .yasr .dataTable tbody tr", timeout=20000)
    table = page.locator(".yasr").inner_text()
    assert "忻州市农业农村局" in table and "全面推进厕所革命" in table
    shot(page, "14-yasgui-example")
    assert page.problems == []
