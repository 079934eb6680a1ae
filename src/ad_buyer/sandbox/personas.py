"""Seller negotiation personas: pure functions from history to the next ask.

A persona proposes the price it would counter with next. The engine then
clamps it to the tier's concession caps and the seller's private limit, so a
persona can never take the seller below its reservation price.
"""

from __future__ import annotations

from dataclasses import dataclass

from ad_buyer.sandbox.config import Persona


@dataclass(frozen=True)
class PersonaInput:
    """All prices in integer micros; ``round_number`` counts from 1."""

    start_micros: int
    limit_micros: int
    round_number: int
    max_rounds: int
    seller_prices: tuple[int, ...]  # the seller's asks so far, opening ask first
    buyer_offers: tuple[int, ...]  # the buyer's offers so far, latest last


def _time_share(data: PersonaInput) -> float:
    # The last ask comes with the final offer, one round before the last round.
    return min(1.0, max(0.0, data.round_number / max(1, data.max_rounds - 1)))


def _on_curve(data: PersonaInput, conceded_share: float) -> int:
    span = max(0, data.start_micros - data.limit_micros)
    return data.start_micros - round(span * conceded_share)


def firm(data: PersonaInput) -> int:
    """Barely moves: at most a tenth of the way to its limit."""
    return _on_curve(data, 0.1 * _time_share(data))


def linear(data: PersonaInput) -> int:
    """Concedes the same amount each round, reaching its limit at the last one."""
    return _on_curve(data, _time_share(data))


def boulware(data: PersonaInput) -> int:
    """Holds near its opening ask, then concedes late."""
    return _on_curve(data, _time_share(data) ** 4)


def conceder(data: PersonaInput) -> int:
    """Concedes most of the way early on."""
    return _on_curve(data, _time_share(data) ** 0.25)


def tit_for_tat(data: PersonaInput) -> int:
    """Mirrors the buyer: concedes as much as the buyer's last move up."""
    last_ask = data.seller_prices[-1] if data.seller_prices else data.start_micros
    if len(data.buyer_offers) < 2:
        opening_step = (data.start_micros - data.limit_micros) // 20
        return last_ask - max(0, opening_step)
    buyer_move = max(0, data.buyer_offers[-1] - data.buyer_offers[-2])
    return last_ask - buyer_move


PERSONAS = {
    Persona.FIRM: firm,
    Persona.LINEAR: linear,
    Persona.BOULWARE: boulware,
    Persona.CONCEDER: conceder,
    Persona.TIT_FOR_TAT: tit_for_tat,
}


def persona_ask(persona: Persona, data: PersonaInput) -> int:
    return PERSONAS[persona](data)
