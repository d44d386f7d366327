// The query page: YASGUI against this endpoint, with the project's prefixes and the example library.
(function () {
  "use strict";
  const holder = document.getElementById("yasgui");
  fetch(holder.dataset.examples, { headers: { Accept: "application/json" } }).then((r) => r.json()).then((library) => {
    const prologue = Object.entries(library.prefixes).map(([p, ns]) => "PREFIX " + p + ": <" + ns + ">").join("\n");
    const firstQuery = library.examples.length ? library.examples[0].query
      : prologue + "\n\nSELECT * WHERE { ?s ?p ?o } LIMIT 10";
    Yasgui.Yasqe.defaults.value = firstQuery;
    const yasgui = new Yasgui(holder, {
      requestConfig: { endpoint: holder.dataset.endpoint, method: "POST" },
      copyEndpointOnNewTab: true,
      persistenceId: null,
      endpointCatalogueOptions: { getData: () => [{ endpoint: holder.dataset.endpoint }] },
      yasqe: { value: firstQuery },
    });
    window.govkgYasgui = yasgui;  // for tests and the console
    const bySlug = new Map(library.examples.map((example) => [example.slug, example]));
    document.querySelectorAll("button.example").forEach((button) => {
      button.addEventListener("click", () => {
        const example = bySlug.get(button.dataset.slug);
        const tab = yasgui.getTab();
        tab.setQuery(example.query);
        tab.getYasqe().query();
      });
    });
  });
})();
