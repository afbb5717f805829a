"""How closely the exported encoder follows the torch model: cosines between the two
embeddings of each of a set of varied English sentences (news propositions, headlines,
quotes, figures, names, questions, fragments, one text longer than the window)."""

from __future__ import annotations

from typing import Any

SENTENCES = [
    "The president said aid would be sent quickly.",
    "He promised to move fast on sending military aid.",
    "Farmers began the barley harvest early this year.",
    "The central bank raised interest rates by a quarter of a percentage point on Tuesday.",
    "Officials confirmed that at least 42 people were killed in the flooding.",
    "A spokesman for the ministry declined to comment.",
    '"We will not back down," the union leader told reporters outside the factory.',
    "Police arrested three men suspected of smuggling cigarettes across the border.",
    "The company's shares fell 7.5% after it cut its profit forecast.",
    "Is the ceasefire going to hold?",
    "Breaking: earthquake hits coastal city",
    "According to the UN, more than 1.2 million people have fled their homes since March.",
    "The minister denied reports that she had been asked to resign.",
    "Scientists say the glacier is melting faster than previously thought.",
    "Voters in the northern region rejected the proposal by a narrow margin.",
    "The match was postponed because of heavy snow.",
    "Critics argue the new law will curb press freedom.",
    "Prices of bread and cooking oil have doubled in a month, shoppers complained.",
    "The hospital said the patient was in a stable condition.",
    "It was not immediately clear who was behind the attack.",
    "Zelenskyy met Macron and Scholz in Paris on Monday evening.",
    "São Paulo's mayor announced free bus travel for students.",
    "The report, published on 3 May 2024, found no evidence of wrongdoing.",
    "Negotiators reached a tentative deal in the early hours of the morning.",
    "Two of the five judges dissented.",
    "The storm knocked out power to about 300,000 homes.",
    '"This is a dark day for our democracy," said the opposition leader.',
    "Exports to China dropped for the third consecutive quarter.",
    "The army said its troops had repelled an attack near the river.",
    "Residents were told to boil their water until further notice.",
    "Sources close to the talks said an agreement was unlikely before the weekend.",
    "The festival drew record crowds despite the rain.",
    "Inflation eased to 3.1 percent in October, the statistics office said.",
    "The suspect is due to appear in court on Friday.",
    "Environmental groups welcomed the decision to ban the pesticide.",
    "The airline cancelled hundreds of flights after a software failure.",
    "Why did the talks collapse?",
    "Teachers walked out over pay for the second time this term.",
    "The government plans to build 300,000 new homes a year.",
    "A new species of frog was discovered in the rainforest.",
    "He said he had never met the businessman.",
    "The wildfire has burned more than 10,000 hectares.",
    "Shares in tech firms rallied on hopes of lower rates.",
    "The mayor resigned amid a corruption investigation.",
    "In a statement, the club said the player had signed a four-year contract.",
    "Turnout was the lowest since 1945.",
    "ok",
    "",
    "Rebels claimed to have captured the airport, a claim the government disputed.",
    " ".join(
        [
            "The committee's long-awaited report, which runs to more than 400 pages and draws",
            "on testimony from hundreds of witnesses, concludes that failures of leadership,",
            "communication and planning at every level of government contributed to the",
            "disaster, and it makes more than sixty recommendations, including a new",
            "independent agency, mandatory training for emergency staff, annual exercises,",
        ]
        * 4
    ),
]


#: The degenerate texts of the set (no proposition in them): int8 noise is largest there,
#: where the mean runs over two or three pieces.
FRAGMENTS = ("ok", "")


def agreement(reference: Any, exported: Any) -> dict[str, float]:
    """Cosines between matching rows (both unit length) and the largest difference."""
    import numpy as np

    ref = np.asarray(reference, dtype=np.float64)
    got = np.asarray(exported, dtype=np.float64)
    ref = ref / np.linalg.norm(ref, axis=1, keepdims=True)
    cos = np.sum(ref * got, axis=1) / np.linalg.norm(got, axis=1)
    return {
        "sentences": len(cos),
        "mean_cosine": round(float(cos.mean()), 5),
        "min_cosine": round(float(cos.min()), 5),
        "max_abs_difference": round(float(np.abs(ref - got).max()), 5),
    }
