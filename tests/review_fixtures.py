"""Briefs for the review-page tests: a realistic one built by hand over examples/, and a hostile one.

The hand-built brief mirrors what the pipeline produces for the example set (three incidents, a date conflict, an
AI-written source flagged, background, rejected material, overlapping spans) with offsets found in the real files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from paths import ROOT

from summarizer.models import (
    Brief,
    BriefSentence,
    Conflict,
    EngineInfo,
    FileError,
    Flag,
    Position,
    Rejected,
    Source,
    Span,
    Story,
)

EXAMPLES = ROOT / "examples"

HOSTILE_TEXT = (
    "Officials said <script>window.__pwned = 1; alert(1)</script> the base was hit.\n"
    'Witnesses described "><img src=x onerror="window.__pwned=2;alert(2)"> a loud blast.\n'
    'More at javascript:alert(3) and <a href="javascript:alert(4)">this link</a>.\n'
    "A stray </script><script>window.__pwned=3</script> closing tag and </style><b>bold</b> & &amp; entities.\n"
    "Unicode line separator \u2028 and <!-- comment --> and <![CDATA[ x ]]>.\n"
)
HOSTILE_PAYLOADS = (
    "<script>window.__pwned = 1; alert(1)</script>",
    '"><img src=x onerror="window.__pwned=2;alert(2)">',
    '<a href="javascript:alert(4)">this link</a>',
    "</script><script>window.__pwned=3</script>",
)


class Finder:
    """Builds spans over a source's text by searching for quotes (so the offsets are right by construction)."""

    def __init__(self, source_id: str, text: str) -> None:
        self.id = source_id
        self.text = text

    def __call__(self, quote: str, after: int = 0) -> Span:
        start = self.text.index(quote, after)
        return Span(source=self.id, start=start, end=start + len(quote), quote=quote)


def _source(source_id: str, path: Path, **fields: object) -> Source:
    raw = path.read_bytes()
    return Source(
        id=source_id,
        path=str(path.relative_to(ROOT)),
        sha256=hashlib.sha256(raw).hexdigest(),
        encoding="utf-8",
        **fields,  # type: ignore[arg-type]
    )


def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.txt"))


def example_brief() -> tuple[Brief, dict[str, str]]:
    """A realistic brief of examples/ and the source texts (``{id: text}``)."""
    files = example_files()
    texts = {f"S{i + 1}": f.read_bytes().decode("utf-8") for i, f in enumerate(files)}
    s1, s2, s3, s4, s5 = (Finder(sid, texts[sid]) for sid in ("S1", "S2", "S3", "S4", "S5"))
    automated = Flag(
        kind="automated-content",
        detail="The article says it was written by a bot (AiBot) and 'entirely by AI'.",
        citations=[s2("Written by AiBot"), s2("the content is written entirely by AI")],
        weight=0.3,
    )
    late = Flag(
        kind="late-date",
        detail="Dated June 25, 2024, five months after the events it reports.",
        citations=[s2("June 25, 2024")],
    )
    sources = [
        _source(
            "S1",
            files[0],
            title="Iranian-linked militants strike Iraqi base housing U.S. troops",
            publisher="Washington Post",
            published=dt.date(2024, 1, 21),
            authors=["Justine McDaniel", "Susannah George", "Annabelle Timsit", "Louisa Loveluck", "Mustafa Salim"],
        ),
        _source(
            "S2",
            files[1],
            title="Iranian-Backed Militias Launch Missile Attack on US Base in Iraq, Injuring Troops",
            publisher="AiBot",
            published=dt.date(2024, 6, 25),
            flags=[automated, late],
            weight=0.3,
        ),
        _source(
            "S3",
            files[2],
            title="Iranian-backed militants fired ballistic missiles for the first time in two years at a US base "
            "in Iraq",
            publisher="bne IntelliNews",
            published=dt.date(2024, 1, 21),
        ),
        _source(
            "S4",
            files[3],
            title="U.S. Responds to Attack on Air Base West of Baghdad, Killing Iranian-Backed Militants",
            publisher="ICARO Media Group",
            published=dt.date(2023, 11, 21),
            dateline="BAGHDAD, Nov 21 (Reuters)",
        ),
        _source(
            "S5",
            files[4],
            flags=[Flag(kind="no-byline", detail="No author, outlet or date is given.")],
        ),
    ]
    story1 = Story(
        id="T1",
        headline="Iranian-backed militants fire ballistic missiles at Ain al-Asad air base",
        date=dt.date(2024, 1, 20),
        sources=["S1", "S2", "S3"],
        sentences=[
            BriefSentence(
                kind="lead",
                text="Iranian-backed militants fired ballistic missiles and rockets at Ain al-Asad air base in western "
                "Iraq on the evening of Saturday, Jan. 20, U.S. Central Command said.",
                citations=[
                    s1(
                        "Ballistic missiles and rockets targeted Ain al-Asad Air Base, in Iraq’s Anbar province, "
                        "around 6:30 p.m. local time Saturday, Centcom said on social media."
                    ),
                    s3("fired ballistic missiles at a US base in Iraq on January 20 for the first time in two years"),
                ],
            ),
            BriefSentence(
                text="Most of the missiles were intercepted by the base's air defences; others hit the base.",
                citations=[
                    s1(
                        "“most” of the missiles were intercepted by the base’s air defense systems, but some "
                        "“impacted on the base.”"
                    ),
                    s3(
                        "Most of the missiles were intercepted by the base's air defence systems while others "
                        "impacted on the base"
                    ),
                ],
            ),
            BriefSentence(
                text="A number of U.S. personnel were evaluated for traumatic brain injuries and at least one Iraqi "
                "service member was wounded.",
                citations=[
                    s1(
                        "A number of U.S. personnel were being evaluated for traumatic brain injuries, and at least "
                        "one Iraqi service member was wounded"
                    ),
                    s3(
                        "A number of US\u00a0personnel are undergoing evaluation for traumatic brain injuries. "
                        "At least one Iraqi service member was wounded"
                    ),
                    s2("At least four US service members sustained minor injuries in the attack"),
                ],
            ),
            BriefSentence(
                text="The Islamic Resistance in Iraq, a coalition of Iran-linked militias, claimed responsibility.",
                citations=[
                    s1(
                        "The Islamic Resistance in Iraq, a coalition including Iranian-linked militias, claimed "
                        "responsibility for the attack against Ain al-Asad."
                    ),
                    s3("claimed responsibility for the attack,\u00a0AFP\u00a0reported"),
                ],
            ),
            BriefSentence(
                kind="caution",
                text="One account, written by a bot, puts the attack on Sunday, Jan. 21 and counts at least 10 "
                "missiles; no other source confirms this.",
                citations=[
                    s2("At least 10 missiles struck the Ain al-Asad air base in western Iraq on Sunday, January 21st")
                ],
            ),
        ],
        conflicts=[
            Conflict(
                about="When the attack happened",
                kind="date",
                positions=[
                    Position(
                        value="Sat 20 Jan 2024, about 6:30 p.m.",
                        text="Around 6:30 p.m. local time on Saturday, Jan. 20.",
                        citations=[
                            s1("around 6:30 p.m. local time Saturday"),
                            s3("At approximately 6:30 p.m. (Baghdad time) time Jan. 20"),
                        ],
                    ),
                    Position(
                        value="Sun 21 Jan 2024, 1:05–1:32 a.m.",
                        text="On Sunday, Jan. 21; Iraq's military said missiles were launched between 1:05 and "
                        "1:32 a.m.",
                        citations=[
                            s2("on Sunday, January 21st"),
                            s2("33 missiles were launched between 1:05 a.m. and 1:32 a.m. on Sunday"),
                        ],
                    ),
                ],
            )
        ],
        context=[
            BriefSentence(
                kind="context",
                text="About 2,500 U.S. troops are in Iraq and about 900 in Syria.",
                citations=[
                    s3("There are roughly 2,500 American troops in Iraq and some 900 in Syria."),
                    s5("There are approximately 2,500 American troops in Iraq and 900 in Syria"),
                ],
            ),
        ],
        rejected=[
            Rejected(
                text="The strikes marked a serious escalation of tensions between Iran and Western forces.",
                reason="Analysis by an automated source; not attributed to anyone.",
                stage="compose",
                source="S2",
                citations=[
                    s2(
                        "The strikes marked a serious escalation of tensions between Iran and Western forces "
                        "in the region."
                    )
                ],
            )
        ],
    )
    story2 = Story(
        id="T2",
        headline="U.S. aircraft kills militants after attack on Ain al-Asad",
        date=dt.date(2023, 11, 21),
        sources=["S4"],
        sentences=[
            BriefSentence(
                kind="lead",
                text="U.S. forces at Ain al-Asad air base, west of Baghdad, were attacked on Tuesday, Nov. 21, "
                "two U.S. officials said.",
                citations=[
                    s4(
                        "U.S. forces were attacked at Ain al-Asad air base, west of Baghdad, on Tuesday, "
                        "resulting in injuries and minor infrastructure damage, according to two U.S. "
                        "officials."
                    )
                ],
            ),
            BriefSentence(
                text="A close-range ballistic missile caused eight injuries, and a U.S. AC-130 aircraft fired on the "
                "militants, killing a number of them, the Pentagon said.",
                citations=[
                    s4(
                        "The attack on Ain al-Asad air base was carried out using a close-range ballistic missile, "
                        "leading to eight injuries"
                    ),
                    s4("a U.S. military aircraft fired upon Iranian-backed militants, killing a number of them"),
                    s4("deploying an AC-130 aircraft"),
                ],
            ),
        ],
    )
    rockets = s5(
        "The latest attack involved at least two rockets hitting within the base’s perimeter, with initial reports"
    )
    injured = s5(
        "initial reports indicating that at least five people, including both U.S. troops and contractors, were injured"
    )
    story3 = Story(
        id="T3",
        headline="Rocket attack on Ain al Asad injures U.S. troops and contractors",
        sources=["S5"],
        sentences=[
            BriefSentence(
                kind="lead",
                text="A rocket attack on Ain al Asad Air Base injured several American troops late Monday, U.S. "
                "defense officials said.",
                citations=[
                    s5(
                        "A rocket attack targeting U.S. personnel at Ain al Asad Air Base in Iraq’s western "
                        "desert injured several American troops late Monday, according to U.S. defense "
                        "officials."
                    )
                ],
            ),
            BriefSentence(text="At least two rockets hit inside the perimeter.", citations=[rockets]),
            BriefSentence(
                text="At least five people, U.S. troops and contractors, were injured.",
                citations=[injured, s5("at least five people")],
            ),
            BriefSentence(
                text="No group has claimed responsibility.",
                citations=[s5("No group has claimed responsibility for Monday’s attack.")],
            ),
        ],
    )
    brief = Brief(
        engine=EngineInfo(name="local"),
        sources=sources,
        stories=[story1, story2, story3],
        rejected=[
            Rejected(
                text="Hezbollah’s leader Hassan Nasrallah warned last week that the group had obtained "
                "sophisticated anti-ship missiles.",
                reason="Not about any incident of this brief.",
                stage="group",
                source="S2",
                citations=[
                    s2(
                        "Hezbollah’s leader Hassan Nasrallah warned last week that the group had obtained "
                        "sophisticated anti-ship missiles."
                    )
                ],
            )
        ],
        warnings=["S2 is dated June 25, 2024 but reports events of January 2024."],
        errors=[FileError(path="examples/missing.txt", problem="missing", message="file not found")],
    )
    return brief, texts


def hostile_brief() -> tuple[Brief, dict[str, str]]:
    """A brief whose every free-text field, and whose article, carries script injection attempts."""
    find = Finder('S1"><b>x</b>', HOSTILE_TEXT)
    evil = '"><img src=x onerror="window.__pwned=5;alert(5)">'
    spans = [find(p) for p in HOSTILE_PAYLOADS]
    source = Source(
        id=find.id,
        path="javascript:alert(6)",
        sha256="0" * 64,
        encoding="utf-8",
        title="</script><script>window.__pwned=7</script>",
        publisher=evil,
        authors=["<svg onload=alert(8)>"],
        dateline="</title><script>alert(9)</script>",
        flags=[Flag(kind=f"x{evil}", detail="<iframe src=javascript:alert(10)>", citations=[spans[1]])],
    )
    link = Source(
        id="S2",
        path='https://example.org/a" onmouseover="alert(11)',
        sha256="1" * 64,
        encoding="utf-8",
        text="Plain text about the base.\n",
        title="A second source",
    )
    good = Source(
        id="S3", path="https://example.org/news/story?id=1&x=2", sha256="2" * 64, encoding="utf-8", text="Fine.\n"
    )
    brief = Brief(
        engine=EngineInfo(name="<b>local</b>", model="</script>"),
        sources=[source, link, good],
        stories=[
            Story(
                id="T1",
                headline='<img src=x onerror="alert(12)"> headline',
                sources=[find.id],
                sentences=[
                    BriefSentence(text="<script>alert(13)</script> sentence", citations=spans[:2]),
                    BriefSentence(text="javascript:alert(14)", citations=spans[2:]),
                ],
                conflicts=[
                    Conflict(
                        about="<u>about</u>",
                        positions=[
                            Position(text="</div></section>", value="<i>v</i>", citations=[spans[0]]),
                            Position(text="<style>*{display:none}</style>", citations=[spans[3]]),
                        ],
                    )
                ],
                rejected=[Rejected(text="<marquee>r</marquee>", reason="<script>alert(15)</script>", stage="verify")],
            )
        ],
        warnings=["<svg onload=alert(16)>"],
        errors=[FileError(path="<img src=x onerror=alert(17)>", problem="<b>p</b>", message="</script>")],
    )
    return brief, {find.id: HOSTILE_TEXT}
