"""The claim rule under contention: several users claim the same person at the same
moment, each through their own open deck (own engine and connections): exactly one
holds the claim, every other is told who does. On PostgreSQL (a real server with
concurrent transactions) and on SQLite (one writer at a time)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import select

from netdeck.services.api import DeckApi
from netdeck.services.claims import ClaimView
from netdeck.services.contacts import ContactFields
from netdeck.store.models import Claim
from tests.conftest import TODAY

USERS = 8
ROUNDS = 5


def claim_at_once(target: str, contact_ids: list[int]) -> list[list[ClaimView]]:
    """Each of USERS threads claims each contact, all threads starting every round
    together; what each was told, by round."""
    decks = [DeckApi.open(target, lambda: TODAY, f"user{n}") for n in range(USERS)]
    told: list[list[ClaimView]] = [[] for _ in contact_ids]
    start = threading.Barrier(USERS)
    failures: list[BaseException] = []
    lock = threading.Lock()

    def claimer(deck: DeckApi) -> None:
        try:
            for index, contact_id in enumerate(contact_ids):
                start.wait(timeout=30)
                result = deck.claim(contact_id)
                with lock:
                    told[index].append(result)
        except BaseException as error:  # reported below, with the thread's traceback lost
            failures.append(error)

    threads = [threading.Thread(target=claimer, args=(deck,)) for deck in decks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for deck in decks:
        deck.close()
    assert failures == []
    return told


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"], indirect=True)
def test_of_users_claiming_one_person_at_once_exactly_one_wins(backend_target: str) -> None:
    setup = DeckApi.open(backend_target, lambda: TODAY, "setup")
    ids = [setup.save_contact(None, ContactFields(name=f"Dana {n}")).id for n in range(ROUNDS)]
    setup.close()

    rounds = claim_at_once(backend_target, ids)

    check = DeckApi.open(backend_target, lambda: TODAY, "check")
    with check.database.reading() as session:
        holders = {row.contact_id: row.user for row in session.scalars(select(Claim))}
    check.close()
    for contact_id, told in zip(ids, rounds, strict=True):
        assert len(told) == USERS
        winners = [view for view in told if view.mine]
        assert len(winners) == 1, [(view.user, view.mine) for view in told]
        winner = winners[0].user
        assert holders[contact_id] == winner
        # Every other user was told the winner, and since when.
        assert {view.user for view in told} == {winner}
        assert {view.claimed_at for view in told} == {winners[0].claimed_at}


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_of_users_taking_over_yesterdays_claim_at_once_exactly_one_wins(
    backend_target: str,
) -> None:
    setup = DeckApi.open(backend_target, lambda: TODAY, "setup")
    ids = [setup.save_contact(None, ContactFields(name=f"Lee {n}")).id for n in range(ROUNDS)]
    setup.close()
    yesterday = DeckApi.open(backend_target, lambda: date(2026, 11, 24), "Yesterday")
    for contact_id in ids:
        yesterday.claim(contact_id)
    yesterday.close()

    rounds = claim_at_once(backend_target, ids)

    for told in rounds:
        winners = [view for view in told if view.mine]
        assert len(winners) == 1
        assert {view.user for view in told} == {winners[0].user} != {"Yesterday"}
