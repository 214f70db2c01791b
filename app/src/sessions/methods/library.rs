//! The seeded method library, from METHODS.md: widely used public methods in our own words,
//! in Dutch and English. It is data, written into the `methods` table on start-up when it is
//! missing, so that a team can copy and adapt a method like any other row.

use crate::sessions::model::{Role, SessionKind};

/// A step as seeded: (name nl, name en, purpose nl, purpose en, minutes).
pub type SeedStep = (&'static str, &'static str, &'static str, &'static str, u32);

pub struct SeedMethod {
    /// Stable across releases, so seeding twice changes nothing.
    pub key: &'static str,
    pub kind: SessionKind,
    pub name_nl: &'static str,
    pub name_en: &'static str,
    pub roles: &'static [Role],
    pub steps: &'static [SeedStep],
}

const INTERVISION_ROLES: &[Role] = &[
    Role::Facilitator,
    Role::Presenter,
    Role::Participant,
    Role::Timekeeper,
];
const DELIBERATION_ROLES: &[Role] = &[
    Role::Facilitator,
    Role::Presenter,
    Role::Participant,
    Role::NoteTaker,
];

pub const SEED: &[SeedMethod] = &[
    SeedMethod {
        key: "incident",
        kind: SessionKind::Intervision,
        name_nl: "Incidentmethode",
        name_en: "Incident method",
        roles: INTERVISION_ROLES,
        steps: &[
            (
                "Incident kiezen",
                "Choose the incident",
                "Ieder noemt een recent werkmoment dat vastliep; de groep kiest er één.",
                "Each participant names a recent work moment that stuck; the group picks one.",
                5,
            ),
            (
                "Vertellen",
                "Tell it",
                "De inbrenger beschrijft kort wat er gebeurde, tot het moment waarop gehandeld moest worden.",
                "The presenter briefly describes what happened, up to the point where they had to act.",
                5,
            ),
            (
                "Vragen naar feiten",
                "Ask about facts",
                "Alleen vragen naar feiten. Nog geen adviezen.",
                "Questions about facts only. No advice yet.",
                10,
            ),
            (
                "Ieder besluit",
                "Everyone decides",
                "Ieder schrijft op wat hij of zij had gedaan, en waarom.",
                "Each participant writes down what they would have done, and why.",
                5,
            ),
            (
                "Ronde",
                "Round",
                "Ieder leest zijn keuze voor. De inbrenger luistert zonder te reageren.",
                "Each participant reads out their choice. The presenter listens without replying.",
                10,
            ),
            (
                "Wat er echt gebeurde",
                "What actually happened",
                "De inbrenger vertelt wat hij deed en hoe het afliep.",
                "The presenter says what they did and how it turned out.",
                5,
            ),
            (
                "Gesprek",
                "Conversation",
                "Vergelijk de aanpakken en de waarden erachter.",
                "Compare the approaches and the values behind them.",
                15,
            ),
            (
                "Meenemen",
                "Take-away",
                "Ieder noemt één ding om mee te nemen; de inbrenger noemt een eerste stap.",
                "Each person names one thing they take with them; the presenter names a first step.",
                5,
            ),
        ],
    },
    SeedMethod {
        key: "gossip",
        kind: SessionKind::Intervision,
        name_nl: "Roddelmethode",
        name_en: "Gossip method",
        roles: INTERVISION_ROLES,
        steps: &[
            (
                "Casus en vraag",
                "Case and question",
                "De inbrenger introduceert de casus en de vraag.",
                "The presenter introduces the case and the question.",
                10,
            ),
            (
                "Verhelderen",
                "Clarify",
                "Deelnemers stellen verhelderende vragen.",
                "Participants ask clarifying questions.",
                10,
            ),
            (
                "Roddelen",
                "Gossip",
                "De inbrenger draait zich om en luistert alleen. De groep praat over de casus en de inbrenger: hypotheses, patronen, wat opvalt.",
                "The presenter turns away and only listens. Participants talk about the case and the presenter: hypotheses, patterns, what they notice.",
                15,
            ),
            (
                "Reactie",
                "Response",
                "De inbrenger draait terug en zegt wat opviel en wat raakte.",
                "The presenter turns back and says what struck them and what touched them.",
                10,
            ),
            (
                "Adviesronde",
                "Advice round",
                "Ieder geeft één advies. De inbrenger kiest wat past.",
                "Each participant gives one piece of advice. The presenter picks what fits.",
                10,
            ),
            (
                "Afsluiten",
                "Close",
                "Evalueer: is de vraag beantwoord?",
                "Evaluate the session: did the question get answered?",
                5,
            ),
        ],
    },
    SeedMethod {
        key: "balint",
        kind: SessionKind::Intervision,
        name_nl: "Balint-casusreflectie",
        name_en: "Balint-style case reflection",
        roles: INTERVISION_ROLES,
        steps: &[
            (
                "Casus zonder aantekeningen",
                "Case without notes",
                "De inbrenger vertelt de casus uit het hoofd, gevoelens inbegrepen.",
                "The presenter tells the case from memory, including feelings.",
                10,
            ),
            (
                "Vragen",
                "Questions",
                "Vragen over de relatie en de gevoelens daarin.",
                "Questions about the relationship and the feelings in it.",
                10,
            ),
            (
                "Associëren",
                "Association",
                "De inbrenger zwijgt. De groep verkent wat de relatie tussen professional en cliënt oproept, ook in henzelf.",
                "The presenter stays silent. The group explores what the relationship between professional and client evokes, including in themselves.",
                30,
            ),
            (
                "Terugkomen",
                "Return",
                "De inbrenger reageert.",
                "The presenter responds.",
                10,
            ),
            (
                "Afsluiten",
                "Close",
                "Ronde: wat leerden we over werkrelaties?",
                "Round on what was learned about working relationships.",
                15,
            ),
        ],
    },
    SeedMethod {
        key: "check_in",
        kind: SessionKind::Intervision,
        name_nl: "Korte intervisie",
        name_en: "Five-minute check-in",
        roles: INTERVISION_ROLES,
        steps: &[
            (
                "Vraag",
                "Question",
                "De inbrenger geeft een korte vraag met context.",
                "The presenter gives a short question with context.",
                3,
            ),
            (
                "Verhelderen",
                "Clarify",
                "Verhelderende vragen.",
                "Clarifying questions.",
                5,
            ),
            (
                "Tips of herkaderingen",
                "Tips or reframes",
                "Eén per persoon, in een ronde.",
                "One each, in a round.",
                10,
            ),
            (
                "Keuze",
                "Choice",
                "De inbrenger kiest een stap.",
                "The presenter picks a step.",
                5,
            ),
            (
                "Check",
                "Check",
                "Hoe gaat het nu met de inbrenger?",
                "How is the presenter doing now?",
                2,
            ),
        ],
    },
    SeedMethod {
        key: "dilemma",
        kind: SessionKind::MoralDeliberation,
        name_nl: "Dilemmamethode",
        name_en: "Dilemma method",
        roles: DELIBERATION_ROLES,
        steps: &[
            (
                "Introductie",
                "Introduction",
                "Doel en spelregels: verkennen, niet oordelen.",
                "Purpose and rules: the aim is to explore, not to judge.",
                5,
            ),
            (
                "De casus",
                "The case",
                "De inbrenger vertelt de concrete situatie waarin niet duidelijk was wat goed was.",
                "The presenter tells the concrete situation in which they did not know what was right.",
                10,
            ),
            (
                "Het dilemma",
                "The dilemma",
                "Formuleer: moet ik A doen (en X schaden) of B (en Y schaden)? Beide hebben een morele prijs.",
                "Formulate: should I do A (harming X) or B (harming Y)? Both options have a moral cost.",
                10,
            ),
            (
                "Feiten",
                "Facts",
                "Vragen om feiten te verhelderen. Nog geen meningen.",
                "Questions to clarify facts. No opinions yet.",
                10,
            ),
            (
                "Perspectieven",
                "Perspectives",
                "Wie zijn betrokken? Per persoon: waarden, normen, belangen. Het perspectief van de cliënt hoort er altijd bij.",
                "Who is involved? For each: values, norms, interests. The client's perspective is always included.",
                15,
            ),
            (
                "Alternatieven",
                "Alternatives",
                "Zijn er mogelijkheden naast A en B?",
                "Are there options beyond A and B?",
                10,
            ),
            (
                "Persoonlijke keuze",
                "Personal choice",
                "Ieder zegt: ik kies …, vanwege waarde …, en beperk de schade door …",
                "Each states: I choose …, because of value …, and I would limit the harm by …",
                10,
            ),
            (
                "Dialoog",
                "Dialogue",
                "Bespreek verschillen en overeenkomsten, en wat die zeggen over gedeelde waarden.",
                "Discuss differences and agreements, and what they say about shared values.",
                10,
            ),
            (
                "Conclusie",
                "Conclusion",
                "Spreek af wat er gebeurt, wie wat doet en wat nog open is.",
                "Agree a course of action, who does what, and what is still open.",
                5,
            ),
            (
                "Evaluatie",
                "Evaluation",
                "Hoe was het gesprek, en was het veilig?",
                "How was the conversation, and was it safe?",
                5,
            ),
        ],
    },
    SeedMethod {
        key: "socratic",
        kind: SessionKind::MoralDeliberation,
        name_nl: "Socratisch gesprek",
        name_en: "Socratic dialogue",
        roles: DELIBERATION_ROLES,
        steps: &[
            (
                "Vraag",
                "Question",
                "Formuleer een algemene vraag, bijvoorbeeld: wanneer is betrokken blijven respectvol als iemand zorg weigert?",
                "Formulate a general question, e.g. when is it respectful to stay involved when someone refuses care?",
                10,
            ),
            (
                "Voorbeelden",
                "Examples",
                "Deelnemers geven eigen ervaringen. De groep kiest er één.",
                "Participants offer personal experiences. The group chooses one.",
                20,
            ),
            (
                "Het voorbeeld",
                "The example",
                "Het voorbeeld wordt in detail verteld.",
                "The example is told in detail.",
                30,
            ),
            (
                "Het kernmoment",
                "The crucial moment",
                "Zoek het moment waarop de vraag op het spel staat.",
                "Find the moment in the example where the question is at stake.",
                15,
            ),
            (
                "Oordelen",
                "Judgements",
                "Ieder formuleert zijn oordeel op dat moment, met de redenen.",
                "Participants formulate their judgement at that moment and the reasons behind it.",
                25,
            ),
            (
                "Consensus",
                "Consensus",
                "Zoek gedeeld inzicht en benoem waar verschil blijft.",
                "Search for shared insight and name where disagreement remains.",
                15,
            ),
            (
                "Afsluiten",
                "Close",
                "Metagesprek: hoe spraken we met elkaar?",
                "Meta-conversation: how did we talk?",
                5,
            ),
        ],
    },
    SeedMethod {
        key: "short_deliberation",
        kind: SessionKind::MoralDeliberation,
        name_nl: "Kort moreel beraad",
        name_en: "Short moral deliberation",
        roles: DELIBERATION_ROLES,
        steps: &[
            (
                "Verbinden",
                "Connect",
                "Wat gebeurde er, en wat doet het met je?",
                "What happened, and what does it do to you?",
                5,
            ),
            (
                "Begrijpen",
                "Understand",
                "Wat staat er op het spel, en voor wie?",
                "What is at stake, and for whom?",
                10,
            ),
            (
                "Overwegen",
                "Reflect",
                "Welke mogelijkheden zijn er, en welke waarden ondersteunen elk?",
                "What options are there, and which values support each?",
                10,
            ),
            (
                "Handelen",
                "Act",
                "Wat is de volgende stap, en wie zet die?",
                "What is the next step, and who takes it?",
                5,
            ),
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seeded_method_is_complete_and_keys_are_unique() {
        let mut keys: Vec<&str> = SEED.iter().map(|m| m.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), SEED.len());
        for m in SEED {
            assert!(!m.steps.is_empty(), "{}", m.key);
            assert!(m.roles.contains(&Role::Facilitator));
            for (nl, en, pnl, pen, minutes) in m.steps {
                assert!(!nl.is_empty() && !en.is_empty() && !pnl.is_empty() && !pen.is_empty());
                assert!(*minutes > 0);
            }
        }
    }

    #[test]
    fn seeded_timings_match_the_method_library() {
        let total = |key: &str| -> u32 {
            SEED.iter()
                .find(|m| m.key == key)
                .map(|m| m.steps.iter().map(|s| s.4).sum())
                .unwrap_or(0)
        };
        assert_eq!(
            [
                total("incident"),
                total("gossip"),
                total("balint"),
                total("check_in"),
                total("dilemma"),
                total("socratic"),
                total("short_deliberation"),
            ],
            [60, 60, 75, 25, 90, 120, 30]
        );
    }
}
