"""``ad-buyer eval``: score the configured model on the evaluation briefs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

console = Console()


def eval_command(
    only: Annotated[list[str] | None, typer.Option(
        "--only", help="run only these brief ids (repeat the option)")] = None,
    briefs: Annotated[Path | None, typer.Option(
        help="a YAML file of briefs and expectations (default: the shipped set)")] = None,
    verbose: Annotated[bool, typer.Option(
        "--verbose", help="list every check, not only the failed ones")] = False,
) -> None:
    """Run the evaluation briefs with the configured model; print a score per expectation."""
    from ad_buyer.evaluation.runner import BriefScore, evaluate, load_briefs
    from ad_buyer.llm.gateway import ModelTier, resolve_model

    try:
        chosen = load_briefs(briefs)
    except (OSError, ValueError) as exc:
        raise typer.BadParameter(str(exc), param_hint="--briefs") from exc
    if only:
        unknown = sorted(set(only) - {b.id for b in chosen})
        if unknown:
            raise typer.BadParameter(f"no brief with id {unknown}; ids: "
                                     f"{', '.join(b.id for b in chosen)}", param_hint="--only")
        chosen = [b for b in chosen if b.id in only]
    manager = resolve_model(ModelTier.MANAGER).label
    specialist = resolve_model(ModelTier.SPECIALIST).label
    model = manager if manager == specialist else f"{manager} / {specialist}"
    console.print(f"evaluating {len(chosen)} brief(s) with {escape(model)}")

    def progress(score: BriefScore) -> None:
        passed = sum(v.passed for v in score.verdicts)
        style = "green" if passed == len(score.verdicts) else "yellow"
        console.print(f"[{style}]{score.brief.id}[/{style}]: {passed}/{len(score.verdicts)} "
                      f"({score.status}; run {score.run_id})")
        for verdict in score.verdicts:
            if verdict.passed and not verbose:
                continue
            mark = "ok" if verdict.passed else "FAILED"
            console.print(f"    {mark} {verdict.kind}: {escape(verdict.detail)}")

    card = evaluate(chosen, model=model, on_brief=progress)
    table = Table(title=f"ad-buyer eval: {model}")
    for column in ("expectation", "passed", "checked", "score"):
        table.add_column(column, justify="left" if column == "expectation" else "right")
    for kind, (passed, checked) in card.by_kind().items():
        table.add_row(kind, str(passed), str(checked), f"{passed * 100 / checked:.0f}%")
    table.add_row("all", str(card.passed), str(card.checked),
                  f"{card.passed * 100 / card.checked:.0f}%" if card.checked else "-",
                  style="bold")
    console.print(table)
