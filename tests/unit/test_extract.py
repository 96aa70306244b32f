"""The lead is the source's own sentence that answers, chosen cheaply and verbatim."""

from knowledge.extract import lead_sentences, lead_span, units

TIMELINE = """These are the steps in preparation of this new initiative so far:
- April 2023: Publication of the Strategic Research and Innovation Agenda (SRIA) in support of EP PerMed
- January 2023: ICPerMed Workshop in support of EP PerMed, Pamplona, Spain
- November 2022: Online-Consultation for the SRIA in support of EP PerMed"""


def flat(_: str) -> float:
    return 1.0


def test_units_keep_abbreviations_and_times_inside_sentences() -> None:
    text = "It took place on May 31, 2021 (13.00 – 16.30 CEST). Partnerships replace e.g. ERA-Nets or JPIs. Done."
    assert units(text) == [
        "It took place on May 31, 2021 (13.00 – 16.30 CEST).",
        "Partnerships replace e.g. ERA-Nets or JPIs.",
        "Done.",
    ]


def test_list_items_are_units_without_their_bullet() -> None:
    assert units(TIMELINE)[1] == (
        "April 2023: Publication of the Strategic Research and Innovation Agenda (SRIA) in support of EP PerMed"
    )


def test_lead_prefers_the_matching_date() -> None:
    lead = lead_sentences("What happened in November 2022?", TIMELINE, flat)
    assert lead.startswith("November 2022: Online-Consultation")


def test_lead_matches_a_place_name() -> None:
    assert "Pamplona" in lead_sentences("Where was the workshop held?", TIMELINE, flat)


def test_a_colon_line_brings_the_line_it_introduces() -> None:
    text = "The Vision, as outlined in the draft proposal:\n“Improve health outcomes within sustainable healthcare systems.”"
    lead = lead_sentences("What is the vision?", text, flat)
    assert lead.endswith("healthcare systems.”")
    assert lead in text  # a verbatim slice, line break included, so the reply can find it


def test_a_lead_across_a_blank_line_stays_a_slice_of_the_passage() -> None:
    text = "The Vision, as outlined in the draft proposal:\n\n“Improve health outcomes.”\n\nOther text here."
    lead = lead_sentences("What is the vision?", text, flat)
    assert lead == "The Vision, as outlined in the draft proposal:\n\n“Improve health outcomes.”"


def test_a_curated_answer_does_not_lead_against_a_figure_the_question_names() -> None:
    text = f"{TIMELINE}\n- February 2022: Draft proposal\n- February 2021: Draft Concept Paper"
    anchor = "February 2021: Draft Concept Paper"
    start, end = lead_span("What happened in February 2022?", text, flat, anchor=anchor)
    assert text[start:end].startswith("February 2022: Draft proposal")  # with the next line: it is short
    start, end = lead_span("What happened in February 2021?", text, flat, anchor=anchor)
    assert text[start:end] == anchor
    start, end = lead_span("What was the first step?", text, flat, anchor=anchor)  # no figure: the anchor
    assert text[start:end] == anchor
