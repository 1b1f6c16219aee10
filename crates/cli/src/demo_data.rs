//! Realistic demo data: areas, members of every role, and alerts of every level.
//! Every number is from the UK's drama ranges (07700 900xxx), which are never assigned.

use parasol_app::{AppResult, NewOrganisationInput, Parasol, PublishInput, ReportInput};
use parasol_core::{AreaName, IdentifierKind, Region, ReportConsent, Role};
use parasol_store::Member;

/// Every demo member's passphrase.
pub const PASSPHRASE: &str = "demo passphrase";

/// What the demo made, for printing.
pub struct Demo {
    pub org_name: String,
    pub members: Vec<(String, &'static str)>,
    pub numbers: Vec<(&'static str, &'static str)>,
    pub invite: String,
}

struct Incident {
    by: usize,
    kinds: &'static [&'static str],
    area: &'static str,
    days_ago: i64,
    phone: Option<&'static str>,
    handle: Option<&'static str>,
    plate: Option<&'static str>,
    narrative: &'static str,
    alert: Option<&'static str>,
}

const INCIDENTS: &[Incident] = &[
    Incident { by: 3, kinds: &["physical_violence"], area: "City Centre", days_ago: 12, phone: Some("07700 900111"), handle: None, plate: Some("AB12 CDE"),
        narrative: "He grabbed my throat when I asked for the money first. I got out and my friend picked me up.",
        alert: Some("Man became violent when asked to pay first; grabbed the worker's throat. Drives a dark estate car.") },
    Incident { by: 4, kinds: &["stealthing", "threats"], area: "Harbour", days_ago: 40, phone: Some("+44 7700 900222"), handle: Some("telegram:bigdave"), plate: None,
        narrative: "Removed the condom without asking and threatened me when I stopped.",
        alert: Some("Removed a condom without consent and made threats when challenged.") },
    Incident { by: 3, kinds: &["refused_payment"], area: "North District", days_ago: 20, phone: Some("07700 900333"), handle: None, plate: None,
        narrative: "Refused to pay after, said he would call the police if I made a fuss.",
        alert: Some("Refused to pay and threatened to call the police.") },
    Incident { by: 5, kinds: &["theft"], area: "North District", days_ago: 8, phone: Some("07700-900-333"), handle: None, plate: None,
        narrative: "Took cash from my bag while I was in the bathroom.",
        alert: Some("Took cash from a bag during the booking.") },
    Incident { by: 4, kinds: &["stalking"], area: "East Side", days_ago: 30, phone: Some("07700 900444"), handle: None, plate: None,
        narrative: "Keeps messaging from new numbers and waited outside my building.",
        alert: Some("Repeated messages from new numbers and waiting outside a worker's building.") },
    Incident { by: 5, kinds: &["no_show"], area: "City Centre", days_ago: 5, phone: Some("07700 900555"), handle: None, plate: None,
        narrative: "Booked two hours, never came, then asked again the next day.",
        alert: Some("Books and does not show up.") },
    Incident { by: 3, kinds: &["haggling", "abusive_messages"], area: "City Centre", days_ago: 3, phone: Some("07700 900666"), handle: None, plate: None,
        narrative: "Haggled over the rate, then sent abusive messages when I said no.",
        alert: Some("Haggles and sends abusive messages when refused.") },
    Incident { by: 4, kinds: &["time_wasting"], area: "Harbour", days_ago: 2, phone: Some("07700 900777"), handle: None, plate: None,
        narrative: "Long conversation, many questions, never booked.",
        alert: None },
];

async fn join(parasol: &Parasol, by: &Member, handle: &str, role: Role) -> AppResult<Member> {
    let code = parasol.invite(by, role).await?;
    Ok(parasol
        .join(code.as_str(), handle, PASSPHRASE)
        .await?
        .member)
}

/// Fills an empty store with the demo organisation.
pub async fn seed(parasol: &Parasol) -> AppResult<Demo> {
    let areas = ["City Centre", "North District", "Harbour", "East Side"]
        .iter()
        .map(|a| AreaName::parse(a))
        .collect::<Result<Vec<_>, _>>()?;
    let (org, code) = parasol
        .create_organisation(NewOrganisationInput {
            name: "Harbour Collective (demo)".into(),
            region: Region::parse("GB")?,
            areas,
            alert_days: 180,
            red_alert_days: 365,
        })
        .await?;
    let coord = parasol
        .join(code.as_str(), "coord", PASSPHRASE)
        .await?
        .member;
    let peer_ana = join(parasol, &coord, "peer_ana", Role::PeerWorker).await?;
    let peer_bea = join(parasol, &coord, "peer_bea", Role::PeerWorker).await?;
    let rosa = join(parasol, &peer_ana, "rosa", Role::Member).await?;
    let mei = join(parasol, &peer_ana, "mei", Role::Member).await?;
    let lin = join(parasol, &peer_bea, "lin", Role::Member).await?;
    let people = [&coord, &peer_ana, &peer_bea, &rosa, &mei, &lin];
    let area_ids = parasol.areas(org.id).await?;
    let today = parasol.clock().today();

    for incident in INCIDENTS {
        let reporter = people[incident.by];
        let area = area_ids
            .iter()
            .find(|a| a.name == incident.area)
            .map(|a| a.id.to_string())
            .unwrap_or_default();
        let mut identifiers = Vec::new();
        for (kind, value) in [
            (IdentifierKind::Phone, incident.phone),
            (IdentifierKind::Handle, incident.handle),
            (IdentifierKind::Plate, incident.plate),
        ] {
            if let Some(v) = value {
                identifiers.push((kind, v.to_string()));
            }
        }
        let date = today.saturating_sub(time::Duration::days(incident.days_ago));
        let id = parasol
            .submit_report(
                reporter,
                ReportInput {
                    kinds: incident.kinds.iter().map(|k| k.to_string()).collect(),
                    area: area.clone(),
                    occurred_on: date.to_string(),
                    identifiers,
                    region: None,
                    narrative: incident.narrative.into(),
                    description: "White man, about 40, short grey hair.".into(),
                    consent: ReportConsent {
                        publish_alert: true,
                        support_contact: true,
                        ..Default::default()
                    },
                },
            )
            .await?;
        if let Some(text) = incident.alert {
            let publisher = if reporter.id == peer_ana.id {
                &peer_bea
            } else {
                &peer_ana
            };
            parasol
                .publish(
                    publisher,
                    id,
                    PublishInput {
                        kinds: incident.kinds.iter().map(|k| k.to_string()).collect(),
                        area,
                        text: text.into(),
                    },
                )
                .await?;
        }
    }
    let invite = parasol.invite(&peer_ana, Role::Member).await?;
    Ok(Demo {
        org_name: org.name,
        members: vec![
            ("coord".into(), "coordinator"),
            ("peer_ana".into(), "peer worker"),
            ("peer_bea".into(), "peer worker"),
            ("rosa".into(), "member"),
            ("mei".into(), "member"),
            ("lin".into(), "member"),
        ],
        numbers: vec![
            ("07700 900111", "red (violence)"),
            ("07700 900222", "red (stealthing)"),
            ("07700 900333", "red (two independent orange alerts)"),
            ("07700 900444", "orange (stalking)"),
            ("07700 900666", "yellow (haggling)"),
            ("07700 900777", "yellow (report awaiting verification)"),
            ("07700 900999", "green (nothing known)"),
        ],
        invite: invite.as_str().to_string(),
    })
}
