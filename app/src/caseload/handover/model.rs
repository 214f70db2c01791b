//! Handing over the clients of a colleague who leaves the team. Each client they carry as
//! primary professional gets a proposed receiver from the intake advice, hardest clients first,
//! and every proposal counts the clients proposed before it, so one strong colleague is not
//! proposed for everything. Pure, so it is tested on its own.

use serde::{Deserialize, Serialize};

use crate::auth::model::UserId;
use crate::caseload::balance::intake::{IntakeAdvice, NewClientProfile, advise_intake};
use crate::caseload::balance::model::TeamSnapshot;
use crate::shared::ids::ClientId;

/// One client to hand over, and who the advice proposes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HandoverStep {
    pub client: ClientId,
    /// The best-ranked colleague; `None` only when the team has nobody else to carry clients.
    pub to: Option<UserId>,
    /// The whole ranking, best first, as the intake advice gives it.
    pub advice: Vec<IntakeAdvice>,
}

impl HandoverStep {
    /// Whether the proposed colleague can take the client without crossing a hard limit.
    pub fn fits(&self) -> bool {
        self.advice.first().is_some_and(|a| a.fits)
    }
}

/// The clients `leaving` carries as primary, heaviest first (then zorgmijders first, then by
/// id), each with a receiver. `leaving` is never proposed, and is left out of the ranking.
pub fn propose_handover(snapshot: &TeamSnapshot, leaving: UserId) -> Vec<HandoverStep> {
    let mut working = snapshot.clone();
    working.members.retain(|m| m.user_id != leaving);
    let mut order: Vec<usize> = (0..working.clients.len())
        .filter(|&i| working.clients[i].primary == Some(leaving))
        .collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&working.clients[a], &working.clients[b]);
        b.weight
            .points()
            .cmp(&a.weight.points())
            .then(b.is_avoider().cmp(&a.is_avoider()))
            .then(a.id.cmp(&b.id))
    });
    order
        .into_iter()
        .map(|i| {
            let client = &working.clients[i];
            let profile = NewClientProfile {
                weight: client.weight,
                domains: client.domains.clone(),
                avoidance: client.avoidance,
            };
            let advice = advise_intake(&working, &profile);
            let to = advice.first().map(|a| a.user_id);
            let client = &mut working.clients[i];
            if let Some(to) = to {
                client.primary = Some(to);
                if client.secondary == Some(to) {
                    client.secondary = None;
                }
            }
            HandoverStep {
                client: client.id,
                to,
                advice,
            }
        })
        .collect()
}

/// The clients for whom `leaving` is the secondary professional only: that role simply ends.
pub fn secondary_roles(snapshot: &TeamSnapshot, leaving: UserId) -> Vec<ClientId> {
    snapshot
        .clients
        .iter()
        .filter(|c| c.secondary == Some(leaving) && c.primary != Some(leaving))
        .map(|c| c.id)
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chrono::NaiveDate;
    use proptest::prelude::*;

    use super::*;
    use crate::caseload::balance::model::{ClientInput, MemberInput, TeamPolicy};
    use crate::caseload::model::{AvoidanceLevel, Weight};

    fn member(id: i64, fte: f64) -> MemberInput {
        MemberInput {
            user_id: UserId(id),
            fte,
            capacity_override: None,
            experience: BTreeMap::new(),
        }
    }

    fn client(id: i64, weight: u8, primary: i64, secondary: Option<i64>) -> ClientInput {
        ClientInput {
            id: ClientId(id),
            weight: Weight::new(weight).expect("weight"),
            domains: Vec::new(),
            avoidance: None,
            primary: Some(UserId(primary)),
            secondary: secondary.map(UserId),
            primary_since: NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"),
        }
    }

    fn team(members: Vec<MemberInput>, clients: Vec<ClientInput>) -> TeamSnapshot {
        TeamSnapshot {
            policy: TeamPolicy {
                norm_per_fte: 20.0,
                secondary_fraction: 0.3,
                max_load_per_fte: None,
                max_avoiders: None,
                max_avoider_share: None,
            },
            members,
            clients,
            personal_limits: Vec::new(),
            today: NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
        }
    }

    #[test]
    fn heavy_clients_go_first_and_proposals_spread_over_the_team() {
        let snapshot = team(
            vec![member(1, 1.0), member(2, 1.0), member(3, 1.0)],
            vec![
                client(10, 1, 1, None),
                client(11, 3, 1, None),
                client(12, 3, 1, None),
                client(20, 2, 2, None),
                client(30, 2, 3, None),
            ],
        );
        let steps = propose_handover(&snapshot, UserId(1));
        let clients: Vec<i64> = steps.iter().map(|s| s.client.0).collect();
        assert_eq!(clients, vec![11, 12, 10]);
        let receivers: Vec<UserId> = steps.iter().filter_map(|s| s.to).collect();
        assert_ne!(
            receivers[0], receivers[1],
            "the second heavy client goes to the other colleague"
        );
        assert!(steps.iter().all(|s| s.fits()));
    }

    #[test]
    fn a_secondary_who_takes_over_stops_being_secondary_and_secondary_roles_are_listed() {
        let snapshot = team(
            vec![member(1, 1.0), member(2, 1.0)],
            vec![client(10, 2, 1, Some(2)), client(11, 2, 2, Some(1))],
        );
        let steps = propose_handover(&snapshot, UserId(1));
        assert_eq!(steps.len(), 1);
        assert_eq!(steps[0].to, Some(UserId(2)));
        assert_eq!(secondary_roles(&snapshot, UserId(1)), vec![ClientId(11)]);
    }

    #[test]
    fn nobody_left_means_no_receiver() {
        let snapshot = team(vec![member(1, 1.0)], vec![client(10, 2, 1, None)]);
        let steps = propose_handover(&snapshot, UserId(1));
        assert_eq!(steps.len(), 1);
        assert_eq!(steps[0].to, None);
        assert!(!steps[0].fits());
    }

    fn arbitrary_team() -> impl Strategy<Value = TeamSnapshot> {
        (
            1usize..6,
            proptest::collection::vec((1u8..=3, 0usize..6, any::<bool>(), 0u8..5), 0..25),
        )
            .prop_map(|(n, clients)| {
                let members = (1..=n as i64)
                    .map(|id| member(id, 0.5 + 0.1 * id as f64))
                    .collect();
                let clients = clients
                    .into_iter()
                    .enumerate()
                    .map(|(i, (weight, who, avoider, level))| {
                        let mut c = client(i as i64 + 100, weight, (who % n) as i64 + 1, None);
                        c.avoidance = avoider
                            .then(|| AvoidanceLevel::from_number(i64::from(level)))
                            .flatten();
                        c
                    })
                    .collect();
                team(members, clients)
            })
    }

    proptest! {
        #[test]
        fn every_client_of_the_leaver_is_handed_over_once_to_someone_who_stays(
            snapshot in arbitrary_team(),
            leaving in 1i64..6,
        ) {
            let leaving = UserId(leaving);
            let steps = propose_handover(&snapshot, leaving);
            let mut theirs: Vec<ClientId> = snapshot.clients.iter().filter(|c| c.primary == Some(leaving)).map(|c| c.id).collect();
            let mut handed: Vec<ClientId> = steps.iter().map(|s| s.client).collect();
            theirs.sort();
            handed.sort();
            prop_assert_eq!(theirs, handed);
            let others = snapshot.members.iter().any(|m| m.user_id != leaving);
            for step in &steps {
                prop_assert_eq!(step.to.is_some(), others);
                if let Some(to) = step.to {
                    prop_assert_ne!(to, leaving);
                    prop_assert!(snapshot.members.iter().any(|m| m.user_id == to));
                }
                prop_assert!(step.advice.iter().all(|a| a.user_id != leaving));
            }
        }
    }
}
