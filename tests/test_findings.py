"""Model-free checks on short fictional articles: one test per kind of finding, and the cases that must pass."""

from __future__ import annotations

import pytest

from headcheck.compare.findings import (
    BodyFacts,
    Finding,
    date_findings,
    find_all,
    name_findings,
    number_findings,
    quote_findings,
    spelling_findings,
)
from headcheck.text.sentences import RuleSplitter

CRASH = ("Four people died on Tuesday when a regional bus left the road near Dorvik, police said. "
         "The driver, Arman Nurlanov, told investigators that the brakes had failed. "
         "\"I could not stop it,\" Nurlanov said from his hospital bed. "
         "Inspector Lena Brask said there was no sign that the driver had fallen asleep. "
         "\"The brakes were worn through,\" said Inspector Lena Brask. "
         "A dozen passengers were taken to hospital, and more than 1,204 residents gave blood.")



def facts(body: str) -> BodyFacts:
    return BodyFacts.of(body, RuleSplitter().split(body))


FACTS = facts(CRASH)


def errors(found: list[Finding]) -> list[Finding]:
    """The findings a verdict weighs (severity 'error')."""
    return [f for f in found if f.severity == "error"]


def spans(finding: Finding, headline: str, body: str) -> tuple[str | None, str | None]:
    h, b = finding.headline_span, finding.body_span
    return (headline[h[0] : h[1]] if h else None, body[b[0] : b[1]] if b else None)


def test_a_count_of_the_same_thing_is_compared_even_in_other_words() -> None:
    headline = "Bus with 30 passengers leaves road near Dorvik"
    (finding,) = number_findings(headline, FACTS)
    assert finding.severity == "error"
    assert spans(finding, "Bus with 30 passengers leaves road near Dorvik", CRASH) == ("30", "A dozen")


@pytest.mark.parametrize(("body", "error"), [
    ("A bus crash near Dorvik on Monday killed one person and injured two others, police said.", True),
    ("One passenger was killed when a bus left the road near Dorvik on Monday.", True),
    # 'one of', 'no one': no count of one
    ("One of the passengers said the bus left the road near Dorvik at speed.", False),
    ("Three were killed when a bus left the road near Dorvik; no one else was hurt.", False),
])
def test_one_counts_the_noun_after_it(body: str, error: bool) -> None:
    assert bool(errors(number_findings("Three killed in Dorvik bus crash", facts(body)))) is error


def test_all_there_are_bears_out_no_count_of_those_some_thing_is_done_to() -> None:
    body = "Pellman, the homeware chain, is cutting back. Sixteen of its 60 stores will shut by the end of May."
    (finding,) = errors(number_findings("Pellman to close 60 stores", facts(body)))
    assert spans(finding, "Pellman to close 60 stores", body) == ("60", "Sixteen")
    assert not errors(number_findings("Pellman to close 16 stores", facts(body)))
    assert not errors(number_findings("Pellman, which has 60 stores, cuts back", facts(body)))
    assert errors(number_findings("Pellman, which has 70 stores, cuts back", facts(body)))


def test_numbers_in_words_digits_and_scales_are_read() -> None:
    text = "Forty-two dead, a dozen hurt, 1,204 jobs, $310m, 3.5 million crowns, two hundred and fifty homes, 40%"
    found = facts(text).quantities
    assert [q.low for q in found] == [42, 12, 1204, 310e6, 3.5e6, 250, 40]
    assert [q.unit for q in found][3:] == ["money:dollar", "money:crown", None, "percent"]
    assert facts("one of the drivers, no one hurt, G20 talks, the 1990s, COVID-19").quantities == []


def test_a_number_the_body_contradicts_is_an_error_with_both_spans() -> None:
    headline = "40 dead as bus leaves road near Dorvik"
    (finding,) = number_findings(headline, FACTS)
    assert (finding.kind, finding.severity) == ("number", "error")
    assert spans(finding, headline, CRASH) == ("40", "Four")
    assert "40" in finding.message and "Four" in finding.message


def test_a_number_the_body_never_states_is_a_warning() -> None:
    headline = "Bus leaves road 30 kilometres from Dorvik"
    (finding,) = number_findings(headline, FACTS)
    assert (finding.severity, finding.body_span) == ("warning", None)
    assert spans(finding, headline, CRASH) == ("30 kilometres", None)


@pytest.mark.parametrize("headline", [
    "Four killed in Dorvik bus crash",  # same number, other words
    "Twelve taken to hospital after Dorvik crash",  # "a dozen"
    "Over 1,000 residents give blood after crash",  # the body's 1,204 is over 1,000
    "1,200 residents give blood after crash",  # a round headline number for 1,204
])
def test_numbers_the_body_bears_out_pass(headline: str) -> None:
    assert number_findings(headline, FACTS) == []


def test_a_weekday_the_body_contradicts_is_a_date_error() -> None:
    headline = "Bus leaves road near Dorvik on Monday"
    (finding,) = date_findings(headline, FACTS)
    assert (finding.kind, finding.severity) == ("date", "error")
    assert spans(finding, headline, CRASH) == ("Monday", "Tuesday")
    assert date_findings("Bus leaves road near Dorvik on Tuesday", FACTS) == []


def test_a_name_the_body_never_mentions_is_a_finding() -> None:
    headline = "Mayor Ilse Varan blames driver for Dorvik bus crash"
    (finding,) = name_findings(headline, FACTS)
    assert (finding.kind, finding.severity) == ("name", "warning")
    assert spans(finding, headline, CRASH) == ("Ilse Varan", None)  # 'Mayor' opens the headline


@pytest.mark.parametrize("headline", [
    "Driver NURLANOV says brakes failed near Dorvik",  # case does not matter
    "Dorvik's bus driver Nurlanov says brakes failed",  # possessives
    "Bus Leaves Road Near Dorvik, Killing Four People",  # Title Case: capitals are not names there
    "Inspector Brask clears driver",  # part of a name is enough
])
def test_names_the_body_mentions_pass(headline: str) -> None:
    assert name_findings(headline, FACTS) == []


def test_title_case_headlines_still_catch_a_missing_name() -> None:
    headline = "Bus Leaves Road Near Dorvik, Minister Kasimov Says"
    (finding,) = name_findings(headline, FACTS)
    assert spans(finding, headline, CRASH) == ("Kasimov", None)


def test_quoted_words_the_body_lacks_are_a_finding() -> None:
    headline = "Driver Nurlanov 'fell asleep', police say"
    (finding,) = quote_findings(headline, FACTS)
    assert (finding.kind, finding.severity) == ("quote", "warning")
    assert spans(finding, headline, CRASH)[0] == "'fell asleep'"
    assert finding.message == "the body never quotes 'fell asleep'"


def test_quoted_words_the_body_attributes_to_someone_else_are_an_error() -> None:
    headline = "Nurlanov: \u201cthe brakes were worn through\u201d"
    (finding,) = quote_findings(headline, FACTS)
    assert (finding.kind, finding.severity) == ("quote", "error")
    assert "Inspector Lena Brask" in finding.message
    quoted = "\u201cthe brakes were worn through\u201d"
    assert spans(finding, headline, CRASH) == (quoted, "Inspector Lena Brask")  # who said it


def test_quoted_words_from_the_named_speaker_pass() -> None:
    assert quote_findings("Nurlanov: \u2018I could not stop it\u2019", FACTS) == []
    assert quote_findings("Inspector says brakes 'were worn through'", FACTS) == []


def test_a_name_spelt_two_ways_is_an_editorial_finding() -> None:
    body = CRASH + " Nrulanov is expected to be questioned again next week."
    (finding,) = spelling_findings("Dorvik bus driver questioned", facts(body))
    assert (finding.kind, finding.severity, finding.headline_span) == ("spelling", "editorial", None)
    assert spans(finding, "", body)[1] == "Nrulanov"  # the rarer spelling is the suspect
    assert "Nurlanov" in finding.message and "Nrulanov" in finding.message


def test_related_forms_and_different_names_are_not_misspellings() -> None:
    body = ("The Kestria government met Kestrian farmers in Kestria City. Minister Halvard Ostrem said talks "
            "would go on. Later, Ostrem and his deputy Halvor Ostrem met the farmers again.")
    assert spelling_findings("Kestria meets farmers", facts(body)) == []
    # British and American spellings of one word: 'Centre' / 'Center', 'Harbour' / 'Harbor'
    body = "Staff at the Ostrand Trade Center found the leak. The Vell Harbor office was shut."
    headline = "Leak shuts Ostrand Trade Centre and Vell Harbour office"
    assert spelling_findings(headline, facts(body)) == [] and name_findings(headline, facts(body)) == []


def test_find_all_lists_headline_problems_in_headline_order() -> None:
    headline = "40 dead as bus crashes on Monday, says Mayor Ilse Varan"
    kinds = [f.kind for f in find_all(headline, FACTS)]
    assert kinds == ["number", "date", "name"]


def test_two_spellings_in_a_headline_are_two_words() -> None:
    body = "Gold coins from the Marlo mint will be kept in safes at two shops in Port Alvera, the mint said."
    found = find_all("Gold Coins Will Be Stored In Special Safes At Marlo Stores", facts(body))
    assert [f for f in found if f.kind == "spelling"] == []


# -- counts: what a number counts, its unit, and what is not a count (issue 19) --------------------------

DOCKS = ("Pellam docks employ 900 staff across three shifts, the harbour board said on Monday. About 90 jobs "
         "will go when the older of its two cranes is retired next spring.")


def test_a_count_is_compared_with_the_bodys_count_of_the_same_noun() -> None:
    headline = "Harbour board to cut 900 jobs at Pellam docks"
    (finding,) = number_findings(headline, facts(DOCKS))
    assert finding.severity == "error"
    assert spans(finding, headline, DOCKS) == ("900", "90")  # not the three shifts, not the 900 staff


@pytest.mark.parametrize(("body", "error"), [
    # the headline's number counts the shops the chain runs; the closing gives another
    ("The Tarrow bakery chain will shut four of its shops by April, it said. It runs 40 shops in the county.", True),
    # the closing gives the headline's number; another count of shops is another thing
    ("The Tarrow bakery chain will shut 40 shops by April, it said. It opened 4 shops last year.", False),
])
def test_the_same_number_bound_to_another_deed_bears_no_count_out(body: str, error: bool) -> None:
    assert bool(errors(number_findings("Tarrow bakery chain to shut 40 shops", facts(body)))) is error


def test_a_count_of_something_else_in_the_same_story_is_no_contradiction() -> None:
    body = ("The Halden safety office received nine complaints this year from owners of Orvane's Kappa electric "
            "kettle. Orvane said it had found no fault in the product. Around 30,000 Kappa units have been sold.")
    assert errors(number_findings("Orvane recalls 30,000 electric kettles over shock risk", facts(body))) == []


def test_ordinals_are_compared_for_the_noun_they_rank() -> None:
    body = ("Ilka Varn beat Mira Dossel in the final on Sunday. The win gave Varn her second regional chess title. "
            "She will climb to fourth in the regional rankings next week.")
    headline = "Ilka Varn wins fourth regional chess title"
    (finding,) = number_findings(headline, facts(body))
    assert finding.severity == "error"
    assert spans(finding, headline, body) == ("fourth", "second")


def test_ordinal_words_past_tenth_are_ordinals_too() -> None:
    body = "Ilka Varn beat Mira Dossel in the final on Sunday to take her 18th regional chess title."
    (finding,) = number_findings("Ilka Varn wins nineteenth regional chess title", facts(body))
    assert finding.severity == "error"
    assert spans(finding, "Ilka Varn wins nineteenth regional chess title", body) == ("nineteenth", "18th")
    assert [(q.low, q.unit) for q in facts("the twentieth and the twelfth games").quantities] == [
        (20, "ordinal"), (12, "ordinal")]


def test_durations_in_other_units_differ_and_an_aside_takes_its_sentence_words() -> None:
    body = ("Crews were sent to a warehouse in Tollby at dawn. The blaze was brought under control at noon, about "
            "two hours after it began. Two days of clean-up will follow.")
    headline = "Warehouse fire in Tollby burns for two days"
    (finding,) = number_findings(headline, facts(body))
    assert finding.severity == "error"
    assert spans(finding, headline, body) == ("two days", "two hours")
    assert facts("a 48-minute wait, 3 hrs later").quantities[1].low == 3 * 3_600


@pytest.mark.parametrize(("headline", "body"), [
    ("15 hurt in Marsk stampede", "Police said 10-20 people were hurt in the stampede at Marsk."),  # a range
    ("Twelve hurt as tram leaves rails in Oskel", "12 people were injured when a tram left the rails in Oskel."),
    ("Mine rescuers find 3 more trapped workers", "Rescuers have now found 11 trapped workers at the mine."),
])
def test_counts_the_body_bears_out_or_cannot_contradict_pass(headline: str, body: str) -> None:
    assert errors(number_findings(headline, facts(body))) == []


def test_times_of_day_scores_and_the_verb_scores_are_not_counts() -> None:
    assert facts("The alarm sounded at 9:30 a.m. and again at 2 p.m.; Ostby won 3-1.").quantities == []
    assert facts("Ortega scores twice as Bellmoor win").quantities == []
    assert [q.low for q in facts("Scores of fans waited").quantities] == [40]
    (rng,) = facts("10-20 people").quantities
    assert (rng.low, rng.high) == (10, 20)


def test_a_longer_name_with_two_slips_is_a_name_error() -> None:
    body = "Coach Timur Sakydyov was dismissed on Monday after six defeats in a row."
    headline = "Vardale dismisses coach Sadykov"
    (finding,) = name_findings(headline, facts(body))
    assert (finding.severity, *spans(finding, headline, body)) == ("error", "Sadykov", "Sakydyov")
    (other,) = name_findings("Vardale dismisses coach Jonsson", facts(body.replace("Sakydyov", "Johnson")))
    assert other.severity == "warning"  # another name, not a slip


# -- what is no count: ages, early years, numbers in names, multiples; vague counts (issue 19b) -----------------

@pytest.mark.parametrize(("headline", "body"), [
    # An age meets only an age, of the same person: not the two murals, nor Anders Holt's 52.
    ("Painter Ilse Marrow dies at 81", "The painter Ilse Marrow died in Kessel on Sunday with two murals unfinished."),
    ("Ravel FC names Tamsin Holt, 19, as coach",
     "Ravel FC named Tamsin Holt coach and Anders Holt, 52, her assistant."),
    ("Seven pupils fall ill on Dorvik trip", "Pupils aged 12 or 16 were taken ill on the Dorvik trip."),
    # A vague count is no duration.
    ("Hundreds mourn singer Orla Venn", "Fans mourned the singer Orla Venn for two years."),
    # A year before 1800 is a date: the body's age of the thing is no rival.
    ("Time capsule from 1642 found in Oskarby", "A 380-year-old time capsule was found in Oskarby on Sunday."),
    # A number in a name or model is no count.
    ("ZenPad 4 owners report cracked screens", "Nine owners of the ZenPad 4 reported cracked screens."),
    # 'Hundreds' is said loosely of 150.
    ("Hundreds queue for Varlo bakery opening", "About 150 people queued for the Varlo bakery opening."),
    # A headline count of congressmen is not the body's count of smugglers.
    ("Two Veldish Congressmen Say Smugglers Crossed Border",
     "Four smugglers crossed the border near Veldt, officials said."),
    # A count that names nothing else bears the headline out beside a larger count of the same noun.
    ("Guru persuades 400 followers to fast for a month",
     "The guru persuaded around 400 of his 9,000 followers to fast for a month."),
])
def test_ages_years_names_and_loose_counts_are_no_count_errors(headline: str, body: str) -> None:
    assert [f.message for f in errors(number_findings(headline, facts(body)))] == []


def test_a_vague_count_clearly_outside_its_values_and_an_age_of_the_same_person_are_errors() -> None:
    body = "About 30 people marched through Orvik on Saturday."
    (finding,) = number_findings("Thousands march through Orvik", facts(body))
    assert (finding.severity, *spans(finding, "Thousands march through Orvik", body)) == ("error", "Thousands", "30")
    body = "Tamsin Holt, 34, was named coach of Ravel FC on Monday."
    (age,) = number_findings("Ravel FC names Tamsin Holt, 43, as coach", facts(body))
    assert (age.severity, *spans(age, "Ravel FC names Tamsin Holt, 43, as coach", body)) == ("error", "43", "34")


def test_a_vague_count_is_never_a_percentage() -> None:
    # 'thousands' of people say nothing of how sure something is
    headline = "Ostrand moon-landing video 100% fake, say experts"
    body = "Thousands of people shared the video of the Ostrand moon landing before experts called it fake."
    assert errors(number_findings(headline, facts(body))) == []


def test_a_measure_converted_to_metres_is_borne_out_by_its_rounded_value() -> None:
    assert number_findings("30-foot sinkhole opens in Varlo", facts("A 9-metre sinkhole opened in Varlo.")) == []


def test_multiples_and_participles() -> None:
    (shots,) = facts("Varn was shot six times").quantities
    assert shots.unit == "times"
    (rockets,) = facts("The plant held 2,500 degraded rockets").quantities
    assert rockets.noun == "rocket"


def test_a_number_the_body_says_is_not_so_is_not_its_own() -> None:
    headline, body = "Tollby to build 2,000 new homes", "Tollby will build 200 new homes, not 2,000 as first reported."
    (finding,) = errors(number_findings(headline, facts(body)))
    assert spans(finding, headline, body) == ("2,000", "200")
    assert [q.low for q in facts(body).quantities] == [200]
    # (after a currency sign, or more space, too)
    assert [q.low for q in facts("The bakery was fined £200, not £2,000 as first reported.").quantities] == [200]
    assert [q.low for q in facts("Tollby will build 200 homes,  not  2,000 as reported.").quantities] == [200]


def test_a_count_before_its_verb_counts_people_not_the_noun_after_the_verb() -> None:
    (marched,) = facts("Hundreds march Tollby high street in a pay protest.").quantities
    assert marched.noun is None
    (estate,) = facts("Tollby council approved a 400-home estate.").quantities
    assert estate.noun == "estat"
    (offices,) = facts("The bank will close 300 branch offices.").quantities
    assert offices.noun == "offic"
    headline, body = "Thousands run Tollby half marathon", "A record 612 runners completed the Tollby half marathon."
    (finding,) = errors(number_findings(headline, facts(body)))
    assert spans(finding, headline, body) == ("Thousands", "612")


@pytest.mark.parametrize(("headline", "body", "said"), [
    ("Tollby council doubles parking fines", "Parking fines in Tollby will rise by 20 percent from May.",
     ("doubles", "20 percent")),
    ("Tollby waiting list halved", "The waiting list at Tollby hospital fell by 10 percent this year.",
     ("halved", "10 percent")),
    ("Tollby school budget cut by half", "The Tollby school budget will be reduced by 5 percent.",
     ("half", "5 percent")),
    ("Tollby house prices triple in a decade", "House prices in Tollby rose 30 percent over the decade.",
     ("triple", "30 percent")),
    ("Tollby bus fares double", "Bus fares in Tollby will go up by about a third in June.", ("double", "a third")),
    ("Tollby rents halve", "Rents in Tollby fell by a quarter last year.", ("halve", "a quarter")),
    ("Tollby car sales double", "Car sales in Tollby rose by two-thirds last year.", ("double", "two-thirds")),
    # a change told by where it started and ended
    ("Tollby firm doubles profit", "Profit at the Tollby firm grew from 120 million to 150 million.",
     ("doubles", "120 million to 150 million")),
    ("Tollby library loans triple", "Loans at Tollby library reached 45,000 last year, up from 30,000.",
     ("triple", "45,000 last year, up from 30,000")),
    ("Tollby council halves road budget", "The council cut the road budget from 12 million pounds to 9 million "
     "pounds.", ("halves", "12 million pounds to 9 million pounds")),
])
def test_a_change_given_as_a_ratio_meets_the_change_the_body_gives(headline: str, body: str,
                                                                  said: tuple[str, str]) -> None:
    (finding,) = errors(number_findings(headline, facts(body)))
    assert spans(finding, headline, body) == said


@pytest.mark.parametrize(("headline", "body"), [
    ("Tollby firm doubles profit", "Profit at the Tollby firm rose 104 percent to 240 million."),  # near enough
    ("Tollby firm doubles profit", "Profit at the Tollby firm climbed to 240 million from 120 million."),
    ("Tollby unemployment doubles", "Unemployment in Tollby rose to 8 percent from 4 percent."),  # levels, no change
    ("Double murder shocks Tollby", "Police said crime in Tollby rose 5 percent last year."),  # no verb
    ("Tollby doubles down on tax plan", "The Tollby tax will rise 3 percent next year."),  # an idiom
    ("Tollby council halves grants", "A third of Tollby's grants go to sport; the council halved them all."),  # a share
    ("Tollby library loans triple", "Loans at Tollby library reached 90,000 last year, up from 30,000."),
    ("Tollby rents rise 10 percent", "Estimates of the rise range from 20 to 30 pounds a month."),  # a range
])
def test_ratios_the_body_bears_out_or_cannot_contradict_pass(headline: str, body: str) -> None:
    assert errors(number_findings(headline, facts(body))) == []


def test_a_title_shared_with_another_speaker_does_not_make_them_the_headlines() -> None:
    body = ("\"Blackouts are coming this winter, and the government knows it,\" said Kenji Aldous, general "
            "secretary of the Power Workers' Union, on Tuesday. The energy secretary did not comment.")
    headline = "Energy secretary admits 'blackouts are coming this winter'"
    (finding,) = errors(quote_findings(headline, facts(body)))
    assert "Kenji Aldous" in finding.message
    assert errors(quote_findings("Kenji Aldous says 'blackouts are coming this winter'", facts(body))) == []


def test_a_bare_vague_count_is_of_people_not_of_the_other_things_counted_beside_it() -> None:
    body = ("Marchers met outside Ostrand town hall on Sunday. Organisers printed 2,000 leaflets. About 300 people "
            "took part in the march. A petition backing the Ostrand library has 1,800 signatures.")
    (finding,) = number_findings("Thousands march through Ostrand for library", facts(body))
    assert finding.severity == "error"
    assert spans(finding, "Thousands march through Ostrand for library", body) == ("Thousands", "300")
    crowd = "Police said 5,000 people joined the march through Ostrand. Organisers printed 300 leaflets."
    assert number_findings("Thousands march through Ostrand for library", facts(crowd)) == []


def test_a_share_of_a_scaled_amount_is_that_amount() -> None:
    found = facts("The appeal raised a quarter of a million pounds, and half a million crowns came later.").quantities
    assert [(q.low, q.unit) for q in found] == [(250_000, "money:pound"), (500_000, "money:crown")]
    assert errors(number_findings("Ostrand appeal raises £250,000 for lifeboat",
                                       facts("The Ostrand appeal brought in a quarter of a million pounds for "
                                             "the lifeboat."))) == []


def test_a_range_in_a_title_case_headline_is_one_range() -> None:
    found = facts("Seven Ostrand Pupils, Aged 13 And 14, Win Maths Prize").quantities
    assert [(q.low, q.high, q.unit) for q in found] == [(7, 7, None), (13, 14, "age")]


@pytest.mark.parametrize(("headline", "body", "said"), [
    # The same digits counting another thing do not bear the headline out: 300 branches in all, 30 closing.
    ("Ostrand Post to close 300 branch offices",
     "Ostrand Post will close thirty of its branch offices this year. The operator runs about 300 staffed branches "
     "in all.", "thirty"),
    # A bare count of a harm counts people, not the 200 samples tested.
    ("Salmonella outbreak linked to Ostrand eggs sickens 200",
     "Officials linked a salmonella outbreak to eggs from Ostrand Farms. Twenty-three people have fallen ill. The "
     "agency said it had tested 200 samples from the farm.", "Twenty-three"),
])
def test_the_same_digits_counting_something_else_leave_the_count_contradicted(headline: str, body: str,
                                                                               said: str) -> None:
    (finding,) = errors(number_findings(headline, facts(body)))
    assert spans(finding, headline, body)[1] == said


def test_she_said_after_a_sentence_that_names_its_speaker_is_that_speakers_quotation() -> None:
    body = ("Trade minister Ivo Stenberg told parliament the tariff was needed. Opposition leader Ada Brun said it "
            "would raise costs. \"Putting up walls around our economy is economic suicide,\" she said.")
    headline = "Minister Stenberg calls tariff plan 'economic suicide'"
    (finding,) = quote_findings(headline, facts(body))
    assert finding.severity == "error" and spans(finding, headline, body)[1] == "Ada Brun"
    # One who 'apologised' may not be the one quoted: no speaker, no error.
    body = ("Police Commissioner Ada Brun apologised to the family. \"We got it wrong,\" she said.")
    assert errors(quote_findings('"We got it wrong," says Ostrand police chief', facts(body))) == []


def test_an_equal_number_in_a_unit_bears_a_count_out_whatever_noun_follows() -> None:
    body = ("Sixteen companies have signed up for an Ostrand trial of a four-day working week. Ministers had hoped "
            "to recruit 60 employers.")
    headline = "Four-day week trial signs up 60 Ostrand firms"
    assert [spans(f, headline, body)[0] for f in number_findings(headline, facts(body))] == ["60"]


def test_a_level_a_copula_gives_its_subject_is_compared_with_the_headlines() -> None:
    headline = "Turnout hits 70 percent in Ostrand council vote"
    body = ("Ostrand voters elected a new council on Thursday. Overall turnout was 47 percent, the returning "
            "officer said.")
    (finding,) = number_findings(headline, facts(body))
    assert finding.severity == "error"
    assert spans(finding, headline, body) == ("70 percent", "47 percent")
    # the same level borne out is no finding
    assert number_findings(headline, facts(body.replace("47 percent", "70 percent"))) == []


def test_a_speaker_named_with_a_possessive_is_the_headlines_speaker() -> None:
    body = "Ostrand's mayor, Ida Voss, told the council on Monday: \"We must close the old harbour to cruise ships.\""
    assert quote_findings('Ostrand mayor: "close the old harbour to cruise ships"', facts(body)) == []
    assert errors(quote_findings('Kell mayor: "close the old harbour to cruise ships"', facts(body)))
