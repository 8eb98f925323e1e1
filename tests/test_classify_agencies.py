"""Agency identities: the same agency written differently gets one id."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.agencies import acronym, resolve_agency, slugify, state_code


@pytest.mark.parametrize(
    ("names", "state", "agency_id", "kind"),
    [
        (
            [
                "City of Sunrise Police Department",
                "Sunrise Police Department",
                "Sunrise PD",
                "SUNRISE POLICE DEPARTMENT",
                "Sunrise Police Dept.",
            ],
            "FL",
            "fl-sunrise-police",
            "police",
        ),
        (
            [
                "Okaloosa County Sheriff's Office",
                "Okaloosa County Sheriff\u2019s Office",
                "Okaloosa Sheriff's Office",
                "the Okaloosa County Sheriff's Department",
            ],
            "FL",
            "fl-okaloosa-sheriff",
            "sheriff",
        ),
        (
            ["Broward Sheriff's Office", "Broward County Sheriff's Office"],
            "FL",
            "fl-broward-sheriff",
            "sheriff",
        ),
        (["City of Weston", "Weston City Commission"], "FL", "fl-city-of-weston", "city"),
        (["Town of Southwest Ranches"], "FL", "fl-city-of-southwest-ranches", "city"),
        (["County of Lane", "Lane County"], "OR", "or-lane-county", "county"),
        (["Hollywood Public Safety"], "FL", "fl-hollywood-police", "police"),
        (
            ["Florida Department of Law Enforcement"],
            None,
            "fl-florida-department-of-law-enforcement",
            "state",
        ),
        (["Virginia State Police"], None, "va-virginia-state-police", "police"),
        (["Frederick County SO"], "VA", "va-frederick-sheriff", "sheriff"),
        (["Panama City Beach Police Department"], "FL", "fl-panama-city-beach-police", "police"),
    ],
)
def test_variants_share_one_id(
    names: list[str], state: str | None, agency_id: str, kind: str
) -> None:
    for name in names:
        ref = resolve_agency(name, state)
        assert (ref.agency_id, ref.kind) == (agency_id, kind), name


def test_state_is_part_of_the_id_and_accepts_names() -> None:
    assert (
        resolve_agency("Hollywood Police Department", "FL").agency_id
        != resolve_agency("Hollywood Police Department", "CA").agency_id
    )
    assert resolve_agency("Eugene Police Department", "Oregon").state == "OR"
    assert resolve_agency("Eugene Police Department", None).agency_id == "eugene-police"
    assert resolve_agency("Washington County Sheriff", None).state is None  # county, not WA


def test_aliases_include_the_acronyms_people_use() -> None:
    assert "OCSO" in resolve_agency("Okaloosa County Sheriff's Office", "FL").aliases
    assert "BSO" in resolve_agency("Broward County Sheriff's Office", "FL").aliases
    assert "EPD" in resolve_agency("Eugene Police Department", "OR").aliases
    assert "Sunrise PD" in resolve_agency("City of Sunrise Police Department", "FL").aliases
    ref = resolve_agency("Eugene Police Department", "OR")
    assert ref.name not in ref.aliases
    assert len(set(ref.aliases)) == len(ref.aliases)


def test_name_is_kept_as_given_but_cleaned() -> None:
    ref = resolve_agency("  The  Okaloosa County Sheriff\u2019s Office ", "fl")
    assert ref.name == "Okaloosa County Sheriff's Office"
    assert ref.state == "FL"


def test_helpers() -> None:
    assert slugify("Sheriff's Office & Jail") == "sheriffs-office-and-jail"
    assert acronym("Lane County District Attorney's Office") == "LCDAO"
    assert state_code("south carolina") == "SC"
    assert state_code("XX") is None
    assert state_code(None) is None


@given(st.text(max_size=60), st.sampled_from([None, "FL", "OR", "Texas", "zz"]))
def test_resolve_is_total_and_deterministic(name: str, state: str | None) -> None:
    first = resolve_agency(name, state)
    assert first == resolve_agency(name, state)
    assert first.agency_id
    assert first.agency_id == first.agency_id.lower()
    assert " " not in first.agency_id
    assert first.kind in {"police", "sheriff", "city", "county", "state", "other"}
