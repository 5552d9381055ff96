"""Print how well the language model understood the held-out test messages,
and fail under the bar.

Reads what `rasa test nlu` wrote (intent_report.json, and
response_selection_report.json for the FAQ questions) and prints intent
accuracy, macro F1, the intents with the lowest F1 and what they were taken
for. The confusion matrix image is intent_confusion_matrix.png beside them.

Usage: python -m scripts.nlu_report var/test-reports/nlu [--min-accuracy 0.95]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

SUMMARY_ROWS = {"accuracy", "macro avg", "weighted avg", "micro avg"}


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
    args = parser.parse_args()
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
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
