"""``ad-buyer eval``: score the configured model on the evaluation briefs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

console = Console()


def eval_command(
    only: Annotated[list[str] | None, typer.Option(
        "--only", help="run only these brief ids (repeat the option)")] = None,
    briefs: Annotated[Path | None, typer.Option(
        help="a YAML file of briefs and expectations (default: the shipped sets)")] = None,
    verbose: Annotated[bool, typer.Option(
        "--verbose", help="list every check, not only the failed ones")] = False,
    baselines: Annotated[bool, typer.Option(
        help="also run the offline specialist with two baseline choosers (random legal "
             "choices, cheapest first) through the same guards")] = True,
    seed: Annotated[int, typer.Option(help="the random baseline's seed")] = 7,
) -> None:
    """Run the evaluation briefs with the configured model; print a score per expectation,
    the decision scores, and the baselines' beside them, for each set of briefs."""
    from ad_buyer.crew.policy.choosers import CheapestFirst, RandomChooser
    from ad_buyer.evaluation.runner import BriefScore, EvalBrief, evaluate, load_briefs, load_sets
    from ad_buyer.evaluation.tables import checks_table, decisions_table
    from ad_buyer.llm.gateway import ModelTier, resolve_model

    try:
        sets = {"custom": load_briefs(briefs)} if briefs is not None else load_sets()
    except (OSError, ValueError) as exc:
        raise typer.BadParameter(str(exc), param_hint="--briefs") from exc
    if only:
        known = {b.id for chosen in sets.values() for b in chosen}
        unknown = sorted(set(only) - known)
        if unknown:
            raise typer.BadParameter(f"no brief with id {unknown}; ids: "
                                     f"{', '.join(sorted(known))}", param_hint="--only")
        sets = {name: [b for b in chosen if b.id in only] for name, chosen in sets.items()}
        sets = {name: chosen for name, chosen in sets.items() if chosen}
    manager = resolve_model(ModelTier.MANAGER).label
    specialist = resolve_model(ModelTier.SPECIALIST).label
    model = manager if manager == specialist else f"{manager} / {specialist}"
    count = sum(len(chosen) for chosen in sets.values())
    console.print(f"evaluating {count} brief(s) with {escape(model)}")

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

    def random_for(brief: EvalBrief) -> RandomChooser:
        return RandomChooser(f"{seed}:{brief.id}")

    offline = {"AD_BUYER_LLM": "offline"}
    for name, chosen in sets.items():
        console.print(f"[bold]{name} set[/bold]: {len(chosen)} brief(s)")
        cards = [evaluate(chosen, model=model, on_brief=progress)]
        console.print(checks_table(cards[0], f"ad-buyer eval ({name}): {model}"))
        if baselines:
            console.print("baselines (the offline specialist with another chooser, same guards)")
            cards.append(evaluate(chosen, model=f"random legal (seed {seed})", env=offline,
                                  chooser_for=random_for))
            cards.append(evaluate(chosen, model="cheapest first", env=offline,
                                  chooser_for=lambda _brief: CheapestFirst()))
        console.print(decisions_table(cards, f"decisions ({name} set)"))
