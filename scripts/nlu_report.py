"""Print how well the language model understood the held-out test messages,
and fail under the bar.

Reads what `rasa test nlu` wrote (intent_report.json, and
response_selection_report.json for the FAQ questions) and prints intent
accuracy, macro F1, the intents with the lowest F1 and what they were taken
for. The confusion matrix image is intent_confusion_matrix.png beside them.

Per language (the test messages' folder, tests/nlu/<language>/): accuracy,
the weakest intents, and a confusion matrix of its own
(confusion_matrix_<language>.png and .csv), from intent_successes.json and
intent_errors.json (``rasa test nlu --successes``).

Usage: python -m scripts.nlu_report var/test-reports/nlu [--min-accuracy 0.95]
           [--tests tests/nlu --min-language-accuracy 0.93]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

SUMMARY_ROWS = {"accuracy", "macro avg", "weighted avg", "micro avg"}


def languages_of_tests(tests: Path) -> dict[str, str]:
    """Each test message (as written) -> the language folder it is in."""
    found: dict[str, str] = {}
    for path in sorted(tests.glob("*/*.yml")):
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            for line in str(item.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    found[line.strip()[2:].strip()] = path.parent.name
    return found


def per_language(reports: Path, tests: Path) -> dict[str, list[tuple[str, str]]]:
    """Language -> (expected intent, predicted intent) for each of its test messages."""
    languages = languages_of_tests(tests)
    pairs: dict[str, list[tuple[str, str]]] = {}
    for name in ("intent_successes.json", "intent_errors.json"):
        path = reports / name
        for result in read_list(path) if path.exists() else []:
            language = languages.get(str(result["text"]).strip(), "?")
            predicted = (result.get("intent_prediction") or {}).get("name") or "None"
            pairs.setdefault(language, []).append((str(result["intent"]), str(predicted)))
    return pairs


def save_confusion_matrix(pairs: list[tuple[str, str]], path: Path) -> None:
    """A confusion matrix of one language's messages: a CSV, and a picture beside it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = sorted({label for pair in pairs for label in pair})
    index = {label: i for i, label in enumerate(labels)}
    counts = [[0] * len(labels) for _ in labels]
    for expected, predicted in pairs:
        counts[index[expected]][index[predicted]] += 1
    rows = ["expected \\ predicted," + ",".join(labels)]
    rows += [label + "," + ",".join(str(c) for c in counts[index[label]]) for label in labels]
    path.with_suffix(".csv").write_text("\n".join(rows) + "\n")
    figure, axes = plt.subplots(figsize=(14, 12))
    axes.imshow(counts, cmap="Blues")
    axes.set_xticks(range(len(labels)), labels, rotation=90, fontsize=7)
    axes.set_yticks(range(len(labels)), labels, fontsize=7)
    axes.set_xlabel("predicted")
    axes.set_ylabel("expected")
    for i, row in enumerate(counts):
        for j, count in enumerate(row):
            if count:
                axes.text(j, i, str(count), ha="center", va="center", fontsize=6)
    figure.tight_layout()
    figure.savefig(path.with_suffix(".png"), dpi=100)
    plt.close(figure)


def read_list(path: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(path.read_text())
    return data


def read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def per_intent(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: row for name, row in report.items() if name not in SUMMARY_ROWS and isinstance(row, dict)}


def describe(report: dict[str, Any], worst: int = 6) -> list[str]:
    rows = per_intent(report)
    lines = [
        f"intent accuracy {report['accuracy']:.1%}, macro F1 {report['macro avg']['f1-score']:.3f}"
        f" over {sum(int(r['support']) for r in rows.values())} messages, {len(rows)} intents"
    ]
    lowest = sorted(rows.items(), key=lambda item: (item[1]["f1-score"], item[0]))[:worst]
    for name, row in lowest:
        confused = ", ".join(f"{other} {count}" for other, count in (row.get("confused_with") or {}).items())
        line = f"  {name:<28} F1 {row['f1-score']:.2f}  (n={int(row['support'])})"
        lines.append(line + (f"  taken for: {confused}" if confused else ""))
    return lines


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("reports", type=Path)
    parser.add_argument("--min-accuracy", type=float, default=0.95)
    parser.add_argument("--tests", type=Path, help="the test messages, a folder per language")
    parser.add_argument("--min-language-accuracy", type=float, default=0.93)
    args = parser.parse_args()
    failed = False
    intents = read(args.reports / "intent_report.json")
    for line in describe(intents):
        print(f"  {line}")
    selection = args.reports / "response_selection_report.json"
    if selection.exists():
        faq = read(selection)
        print(f"  FAQ answer chosen right: {faq['accuracy']:.1%} (macro F1 {faq['macro avg']['f1-score']:.3f})")
    print(f"  confusion matrix: {args.reports / 'intent_confusion_matrix.png'}")
    if intents["accuracy"] < args.min_accuracy:
        print(f"intent accuracy {intents['accuracy']:.1%} is under {args.min_accuracy:.0%}", file=sys.stderr)
        failed = True
    if args.tests:
        for language, pairs in sorted(per_language(args.reports, args.tests).items()):
            right = sum(1 for expected, predicted in pairs if expected == predicted)
            accuracy = right / len(pairs)
            missed = Counter(expected for expected, predicted in pairs if expected != predicted).most_common(4)
            print(
                f"  {language}: intent accuracy {accuracy:.1%} over {len(pairs)} messages"
                + (f"; missed most: {', '.join(f'{i} {n}' for i, n in missed)}" if missed else "")
            )
            save_confusion_matrix(pairs, args.reports / f"confusion_matrix_{language}.png")
            if accuracy < args.min_language_accuracy:
                print(
                    f"{language}: intent accuracy {accuracy:.1%} is under {args.min_language_accuracy:.0%}",
                    file=sys.stderr,
                )
                failed = True
        print(f"  confusion matrices per language: {args.reports}/confusion_matrix_<language>.png and .csv")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
