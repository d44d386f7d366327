"""Experiment: does a statistical NER trained on silver data from the rules raise agency recall on
unseen text?

    .venv/bin/python bench/ner_experiment.py [--work DIR] [--max-steps N] [--seconds S] [--seed N]

1. Silver data: the ORG entities of ``graph_builder.nlp`` (rules + ruler) on the lines of the four
   bundled gazettes (data/gazettes/*.txt, read with graph_builder.reader), one Doc per line, char
   tokens (``nlp.CharTokenizer``). Lines with an ORG, plus every 5th line without one (negatives).
   A line in 10 goes to the dev set (spaCy's own early-stopping score, not the measurement).
2. ``spacy train`` (spacy.cli.train.train, in-process so the char tokenizer is registered): blank zh,
   tok2vec (MultiHashEmbed ORTH, MaxoutWindowEncoder) + ner, CPU, a few minutes at most.
3. Measurement on the held-out texts (tests/fixtures/heldout/*.txt, never seen in training): the
   agency strings of the gold responsibilities and group roles (unique per file, compared in
   ``evaluate.normalise`` form). An agency is recalled when some ORG entity of the text has exactly
   that string. Rules alone vs rules ∪ NER; "in text" counts only gold strings that occur in the
   normalised text (the ones any span tagger could find). Then the names NER adds (not found by
   the rules), judged against the gold: in gold / not in gold, printed for inspection.

Nothing here is asserted; the figures go into the decision whether to ship the component.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from graph_builder import evaluate, nlp as rules_nlp  # noqa: E402
from graph_builder.reader import read  # noqa: E402

GAZETTES = sorted((ROOT / "data" / "gazettes").glob("*.txt"))
HELDOUT = ROOT / "tests" / "fixtures" / "heldout"
MAX_LINE = 400  # longer lines are cut at 。；

CONFIG = """
[paths]
train = null
dev = null

[system]
seed = {seed}
gpu_allocator = null

[nlp]
lang = "zh"
pipeline = ["tok2vec","ner"]
batch_size = 256
tokenizer = {{"@tokenizers":"govkg.char_tokenizer.v1"}}

[components]

[components.tok2vec]
factory = "tok2vec"

[components.tok2vec.model]
@architectures = "spacy.Tok2Vec.v2"

[components.tok2vec.model.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = 96
attrs = ["ORTH"]
rows = [8000]
include_static_vectors = false

[components.tok2vec.model.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = 96
depth = 4
window_size = 2
maxout_pieces = 3

[components.ner]
factory = "ner"

[components.ner.model]
@architectures = "spacy.TransitionBasedParser.v2"
state_type = "ner"
extra_state_tokens = false
hidden_width = 64
maxout_pieces = 2
use_upper = true
nO = null

[components.ner.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = ${{components.tok2vec.model.encode.width}}
upstream = "*"

[corpora]

[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${{paths.train}}

[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${{paths.dev}}

[training]
seed = ${{system.seed}}
dropout = 0.1
accumulate_gradient = 1
patience = 1000
max_epochs = 0
max_steps = {max_steps}
eval_frequency = 200
frozen_components = []
dev_corpus = "corpora.dev"
train_corpus = "corpora.train"

[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2
size = 2000

[training.optimizer]
@optimizers = "Adam.v1"
learn_rate = 0.002

[training.score_weights]
ents_f = 1.0
ents_p = 0.0
ents_r = 0.0

[initialize]
"""


def register_tokenizer() -> None:
    import spacy

    @spacy.registry.tokenizers("govkg.char_tokenizer.v1")
    def _create():  # noqa: ANN202
        return lambda nlp: rules_nlp.CharTokenizer(nlp.vocab)


def text_lines(text: str) -> list[str]:
    out = []
    for line in text.split("\n"):
        line = line.strip()
        while len(line) > MAX_LINE:
            cut = max(line.rfind(mark, 0, MAX_LINE) for mark in "。；，") + 1 or MAX_LINE
            out.append(line[:cut])
            line = line[cut:]
        if line:
            out.append(line)
    return out


def rule_orgs(lines: list[str]) -> list[list[tuple[int, int]]]:
    return [[(s, e) for _t, s, e, label in ents if label == "ORG"] for ents in rules_nlp.entities(lines)]


def make_silver(work: Path, seed: int) -> dict:
    import spacy
    from spacy.tokens import DocBin

    blank = spacy.blank("zh")
    blank.tokenizer = rules_nlp.CharTokenizer(blank.vocab)
    train, dev = DocBin(), DocBin()
    rng = random.Random(seed)
    counts = {"lines": 0, "chars": 0, "orgs": 0, "dev_lines": 0}
    for path in GAZETTES:
        lines = text_lines(read(path).text)
        for line, spans in zip(lines, rule_orgs(lines)):
            if not spans and rng.random() > 0.2:
                continue
            doc = blank.make_doc(line)
            doc.ents = [doc.char_span(s, e, label="ORG") for s, e in spans]
            target = dev if rng.random() < 0.1 else train
            target.add(doc)
            counts["dev_lines" if target is dev else "lines"] += 1
            counts["chars"] += len(line)
            counts["orgs"] += len(spans)
    train.to_disk(work / "train.spacy")
    dev.to_disk(work / "dev.spacy")
    return counts


def train_model(work: Path, max_steps: int, seed: int) -> tuple[Path, float]:
    from spacy.cli.train import train

    from spacy.cli.init_config import fill_config

    base, config = work / "base.cfg", work / "config.cfg"
    base.write_text(CONFIG.format(max_steps=max_steps, seed=seed), encoding="utf-8")
    fill_config(config, base, silent=True)  # spaCy's defaults for everything not set here
    started = time.perf_counter()
    train(config, work / "model", use_gpu=-1,
          overrides={"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy")})
    return work / "model" / "model-best", time.perf_counter() - started


def directory_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def gold_agencies(gold: dict) -> set[str]:
    names = {row["agency"] for row in gold.get("responsibilities", []) if row.get("agency")}
    names |= {row["agency"] for row in gold.get("group_roles", []) if row.get("agency")}
    return {evaluate.normalise(n) for n in names}


def measure(model_path: Path) -> dict:
    import spacy

    register_tokenizer()
    model = spacy.load(model_path)
    rows, added_all = [], []
    for text_path in sorted(HELDOUT.glob("*.txt")):
        gold = gold_agencies(json.loads(text_path.with_suffix(".json").read_text(encoding="utf-8")))
        if not gold:
            continue
        text = read(text_path).text
        lines = text_lines(text)
        rule_spans = rule_orgs(lines)
        ner_spans = [[(ent.start_char, ent.end_char) for ent in doc.ents] for doc in model.pipe(lines)]
        rules = {evaluate.normalise(line[s:e]) for line, spans in zip(lines, rule_spans) for s, e in spans}
        ner = {evaluate.normalise(line[s:e]) for line, spans in zip(lines, ner_spans) for s, e in spans}
        # where an added name stands: over a rule span with other bounds (a boundary conflict:
        # 厦门|市人民政府 inside 厦门市人民政府), or where the rules found nothing (a new name)
        kind: dict[str, set[str]] = {}
        for line, r_spans, n_spans in zip(lines, rule_spans, ner_spans):
            for span in n_spans:
                if span in r_spans:
                    continue
                overlap = any(span[0] < r[1] and r[0] < span[1] for r in r_spans)
                kind.setdefault(evaluate.normalise(line[span[0]:span[1]]), set()).add(
                    "conflict" if overlap else "new")
        plain = evaluate.normalise(text)
        in_text = {g for g in gold if g in plain}
        added = ner - rules
        rows.append({"file": text_path.name, "gold": len(gold), "in_text": len(in_text),
                     "rules": len(gold & rules), "union": len(gold & (rules | ner)),
                     "ner_alone": len(gold & ner), "added": len(added), "added_in_gold": len(added & gold),
                     "missed_by_both": sorted(gold - rules - ner)})
        added_all += [(text_path.name, name, name in gold, "/".join(sorted(kind.get(name, ()))))
                      for name in sorted(added)]
    return {"rows": rows, "added": added_all}


def print_table(result: dict) -> None:
    head = f"{'file':30} {'gold':>5} {'inText':>6} {'rules':>6} {'union':>6} {'NERonly':>7} {'added':>6} {'add∈gold':>8}"
    print(head)
    total = {k: 0 for k in ("gold", "in_text", "rules", "union", "ner_alone", "added", "added_in_gold")}
    for row in result["rows"]:
        print(f"{row['file']:30} {row['gold']:5} {row['in_text']:6} {row['rules']:6} {row['union']:6} "
              f"{row['ner_alone']:7} {row['added']:6} {row['added_in_gold']:8}")
        for key in total:
            total[key] += row[key]
    print(f"{'TOTAL':30} {total['gold']:5} {total['in_text']:6} {total['rules']:6} {total['union']:6} "
          f"{total['ner_alone']:7} {total['added']:6} {total['added_in_gold']:8}")
    g, t = total["gold"], total["in_text"]
    print(f"\nrecall of gold agencies   rules {total['rules'] / g:.3f}   rules+NER {total['union'] / g:.3f}"
          f"   NER alone {total['ner_alone'] / g:.3f}   (of {g})")
    print(f"recall, strings in text   rules {total['rules'] / t:.3f}   rules+NER {total['union'] / t:.3f}   (of {t})")
    added = total["added"]
    print(f"precision of NER additions (in gold): {total['added_in_gold']}/{added}"
          f" = {total['added_in_gold'] / added:.3f}" if added else "NER adds nothing")
    new = [a for a in result["added"] if "new" in a[3]]
    print(f"NER additions where the rules found no span: {len(new)} (the rest overlap a rule span "
          f"with other bounds: {len(result['added']) - len(new)})")
    print("\nnames NER adds (+ = a gold agency; new = no rule span there, conflict = other bounds):")
    for name, string, hit, where in result["added"]:
        print(f"  {'+' if hit else ' '} {name:30} {string:24} {where}")
    print("\ngold agencies missed by both:")
    for row in result["rows"]:
        if row["missed_by_both"]:
            print(f"  {row['file']:30} {'  '.join(row['missed_by_both'])}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "results" / "ner")
    parser.add_argument("--max-steps", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--model", type=Path, help="measure this trained model (skip silver + training)")
    args = parser.parse_args(argv)
    register_tokenizer()
    if args.model:
        model = args.model
    else:
        args.work.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        counts = make_silver(args.work, args.seed)
        print(f"silver: {counts} in {time.perf_counter() - started:.0f} s")
        model, seconds = train_model(args.work, args.max_steps, args.seed)
        print(f"trained in {seconds:.0f} s, model {directory_mb(model):.1f} MB at {model}")
    result = measure(model)
    print_table(result)
    (model.parent / "measurement.json").write_text(json.dumps(result, ensure_ascii=False, indent=1),
                                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
