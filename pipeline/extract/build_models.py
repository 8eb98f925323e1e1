"""Build models/extractor/ from the files in models/ (the `make models` target).

Everything the pipeline knows is in the repository: models/config.cfg names the
components, models/patterns/*.jsonl holds the gazetteers, and the one trained
component (the `sharing_stance` text classifier) learns from
models/training/sharing_stance.jsonl plus sentences generated here from
templates. Seeds are fixed, so running this twice gives the same pipeline.

    python -m pipeline.extract.build_models [--out models/extractor]
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.training import Example
from spacy.util import fix_random_seed, load_config, load_model_from_config, minibatch

from pipeline.extract.nlp import EXTRACTOR_DIR, MODELS_DIR

log = logging.getLogger(__name__)

STANCE_PIPE = "sharing_stance"
STANCE_LABELS = ("NONE", "PERMITS", "PROHIBITS", "CONDITIONAL")
RULER_PATTERNS = {
    "vendor_ruler": "vendors.jsonl",
    "recipient_ruler": "recipients.jsonl",
    "hotlist_ruler": "hotlists.jsonl",
}

_SUBJECTS = (
    "ALPR data",
    "License plate reader data",
    "Plate reads",
    "Detection records",
    "Images captured by the readers",
    "Footage from the cameras",
    "Stored plate data",
    "Information gathered by the system",
    "Hot list alerts",
    "Camera recordings",
    "Vehicle detection data",
    "Scans of license plates",
)
_RECIPIENTS = (
    "other law enforcement agencies",
    "federal agencies",
    "the public",
    "private companies",
    "third parties",
    "agencies outside the state",
    "immigration authorities",
    "the county prosecutor",
    "partner agencies",
    "any person",
    "neighboring police departments",
    "the state fusion center",
)
_PERMIT_VERBS = (
    "may be shared with",
    "will be made available to",
    "can be released to",
    "may be disclosed to",
    "is provided to",
    "may be accessed by",
    "is transmitted to",
    "will be shared with",
)
_PROHIBIT_VERBS = (
    "shall not be shared with",
    "will not be released to",
    "may not be disclosed to",
    "must never be provided to",
    "is not accessible to",
    "cannot be transferred to",
    "is never sold to",
    "will not be made available to",
)
_CONDITIONS = (
    "only for law enforcement purposes",
    "only with a valid court order",
    "as required by law",
    "subject to the approval of the chief of police",
    "in accordance with state law",
    "only when there is a legitimate investigative need",
    "upon written request and supervisory approval",
    "solely for official investigations",
    "provided that they sign a data sharing agreement",
    "if legally required",
)
_ACTORS = (
    "The vendor",
    "The city",
    "The department",
    "Officers",
    "The contractor",
    "The program administrator",
    "The customer",
    "Each party",
)
_ACTIONS = (
    "shall install the cameras at the approved locations",
    "will invoice the customer at the start of each year",
    "shall maintain the equipment in good working order",
    "must verify each alert before taking action",
    "shall carry general liability insurance",
    "may terminate the agreement for convenience",
    "will provide training to new operators",
    "shall report equipment failures to the vendor",
    "is responsible for obtaining the necessary permits",
    "will review the system settings every quarter",
    "shall comply with applicable laws and regulations",
    "agrees to pay the fees listed on the order form",
)
_EXCEPTIONS = (
    "except as required by law",
    "unless a warrant is presented",
    "without a court order",
    "except for law enforcement purposes",
    "unless the chief approves the request",
    "except pursuant to a subpoena",
)


def read_jsonl(path: Path) -> list[dict[str, object]]:
    """Lines of a JSONL file, skipping blank lines."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def template_sentences(seed: int, per_label: int) -> list[tuple[str, str]]:
    """Synthetic labelled sentences: the three stances, and clauses about something else."""
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    combos = list(itertools.product(_SUBJECTS, _RECIPIENTS))
    for _ in range(per_label):
        subject, recipient = rng.choice(combos)
        out.append((f"{subject} {rng.choice(_PERMIT_VERBS)} {recipient}.", "PERMITS"))
        subject, recipient = rng.choice(combos)
        out.append((f"{subject} {rng.choice(_PROHIBIT_VERBS)} {recipient}.", "PROHIBITS"))
        subject, recipient = rng.choice(combos)
        if rng.random() < 0.6:
            verb, condition = rng.choice(_PERMIT_VERBS), rng.choice(_CONDITIONS)
        else:
            verb, condition = rng.choice(_PROHIBIT_VERBS), rng.choice(_EXCEPTIONS)
        out.append((f"{subject} {verb} {recipient} {condition}.", "CONDITIONAL"))
        out.append((f"{rng.choice(_ACTORS)} {rng.choice(_ACTIONS)}.", "NONE"))
    return out


Row = tuple[str, str]


def stance_rows(models_dir: Path) -> list[Row]:
    """Hand-written (text, label) rows of models/training/sharing_stance.jsonl."""
    return [
        (str(r["text"]), str(r["label"]))
        for r in read_jsonl(models_dir / "training" / "sharing_stance.jsonl")
    ]


def to_examples(nlp: Language, rows: list[Row]) -> list[Example]:
    """Rows as spaCy Examples with one-hot `cats`."""
    examples = []
    for text, label in rows:
        cats = {name: float(name == label) for name in STANCE_LABELS}
        examples.append(Example.from_dict(nlp.make_doc(text), {"cats": cats}))
    return examples


def _batches(examples: list[Example], seed: int, epochs: int) -> Iterator[list[Example]]:
    rng = random.Random(seed)
    for _ in range(epochs):
        order = examples[:]
        rng.shuffle(order)
        yield from minibatch(order, size=16)


def assemble(models_dir: Path = MODELS_DIR) -> Language:
    """The untrained pipeline from models/config.cfg."""
    config = load_config(models_dir / "config.cfg")
    return load_model_from_config(config, auto_fill=True, validate=True)


def train_stance(nlp: Language, rows: list[Row]) -> float:
    """Train `sharing_stance` from scratch on `rows` (seeded); returns the last loss."""
    training = nlp.config.interpolate()["training"]
    seed = int(training["seed"])
    fix_random_seed(seed)
    examples = to_examples(nlp, rows)
    losses: dict[str, float] = {}
    with nlp.select_pipes(enable=[STANCE_PIPE]):
        optimizer = nlp.initialize(lambda: examples)
        optimizer.learn_rate = float(training["optimizer"]["learn_rate"])
        for batch in _batches(examples, seed, int(training["max_epochs"])):
            nlp.update(batch, drop=float(training["dropout"]), sgd=optimizer, losses=losses)
    return losses.get(STANCE_PIPE, 0.0)


def held_out_accuracy(models_dir: Path = MODELS_DIR, folds: int = 5) -> float:
    """Accuracy on hand-written sentences left out of training, by k-fold (a check, not tuning).

    Generated sentences stay in every training fold and never in a test fold: they
    repeat their templates, so scoring on them would flatter the model.
    """
    seed = int(assemble(models_dir).config.interpolate()["training"]["seed"])
    rows = stance_rows(models_dir)
    random.Random(seed).shuffle(rows)
    generated = template_sentences(seed, per_label=120)
    right = 0
    for k in range(folds):
        test = rows[k::folds]
        train = [r for i, r in enumerate(rows) if i % folds != k] + generated
        nlp = assemble(models_dir)
        train_stance(nlp, train)
        textcat = nlp.get_pipe(STANCE_PIPE)
        for text, label in test:
            cats = textcat(nlp.make_doc(text)).cats
            right += max(cats, key=lambda c: cats[c]) == label
    return right / len(rows)


def build(models_dir: Path = MODELS_DIR, out: Path = EXTRACTOR_DIR) -> Path:
    """Assemble, train and save the pipeline; returns the output folder."""
    nlp = assemble(models_dir)
    seed = int(nlp.config.interpolate()["training"]["seed"])
    rows = stance_rows(models_dir) + template_sentences(seed, per_label=120)
    loss = train_stance(nlp, rows)
    log.info("sharing_stance trained on %d sentences, loss %.3f", len(rows), loss)
    for pipe_name, file_name in RULER_PATTERNS.items():
        ruler = nlp.get_pipe(pipe_name)
        ruler.add_patterns(read_jsonl(models_dir / "patterns" / file_name))  # type: ignore[attr-defined]
    nlp.disable_pipe(STANCE_PIPE)
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--models", type=Path, default=MODELS_DIR)
    parser.add_argument("--out", type=Path, default=EXTRACTOR_DIR)
    parser.add_argument(
        "--check", action="store_true", help="also report k-fold accuracy of sharing_stance"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.check:
        accuracy = held_out_accuracy(args.models)
        log.info("sharing_stance held-out accuracy on hand-written sentences: %.3f", accuracy)
    path = build(args.models, args.out)
    check = spacy.load(path)
    log.info("built %s: %s", path, ", ".join(check.component_names))


if __name__ == "__main__":
    main()
