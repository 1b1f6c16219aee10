//! Organisations, areas, invites, members and sessions.

use crate::error::{AppError, AppResult};
use crate::secrets::{self, InviteCode, SessionToken};
use crate::Parasol;
use parasol_core::{AreaName, FieldError, MemberHandle, Region, Role};
use parasol_crypto::OrgKeys;
use parasol_store::{Area, Member, NewInvite, NewMember, NewOrganisation, OrgId, Organisation};

/// How long an invite works.
const INVITE_DAYS: i64 = 14;
/// How long a session lasts without signing in again.
const SESSION_DAYS: i64 = 30;
const DAY: i64 = 86_400;
/// Handle of the operator account offline commands act as.
pub const OPERATOR_HANDLE: &str = "operator";

/// What a new organisation starts with.
#[derive(Clone, Debug)]
pub struct NewOrganisationInput {
    /// Display name.
    pub name: String,
    /// Default region for national phone numbers.
    pub region: Region,
    /// Its first areas.
    pub areas: Vec<AreaName>,
    /// Days an alert stays up.
    pub alert_days: i64,
    /// Days a red alert stays up.
    pub red_alert_days: i64,
}

/// A member who has just signed in, and the token that is her session.
#[derive(Debug)]
pub struct SignedIn {
    /// Who.
    pub member: Member,
    /// Give this to the client; it is not stored.
    pub token: SessionToken,
}

/// Refuses unless `member` has at least `role`.
pub fn require(member: &Member, role: Role) -> AppResult<()> {
    if member.role >= role {
        Ok(())
    } else {
        Err(AppError::Forbidden(match role {
            Role::Coordinator => "only a coordinator can do this",
            _ => "only a peer worker can do this",
        }))
    }
}

impl Parasol {
    /// Creates an organisation with fresh keys and its areas, and returns the invite
    /// code of its first coordinator.
    pub async fn create_organisation(
        &self,
        input: NewOrganisationInput,
    ) -> AppResult<(Organisation, InviteCode)> {
        let name = input.name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(
                FieldError::new("org", &input.name, "a name of 1 to 100 characters").into(),
            );
        }
        let wrapped = OrgKeys::generate().wrap(self.keys.master());
        let org = self
            .store
            .create_organisation(NewOrganisation {
                name: name.to_string(),
                region: input.region.as_str().to_string(),
                wrapped_data_key: wrapped.data,
                wrapped_oprf_key: wrapped.oprf,
                alert_days: input.alert_days,
                red_alert_days: input.red_alert_days,
                created_at: self.clock.now(),
            })
            .await?;
        for area in &input.areas {
            self.store.add_area(org.id, area.as_str()).await?;
        }
        let code = self.store_invite(org.id, Role::Coordinator, None).await?;
        Ok((org, code))
    }

    /// One organisation.
    pub async fn organisation(&self, org: OrgId) -> AppResult<Organisation> {
        Ok(self.store.organisation(org).await?)
    }

    /// The organisation a single-organisation server or data directory serves: the first.
    pub async fn default_organisation(&self) -> AppResult<Organisation> {
        self.store
            .organisations()
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound(
                "organisation (run `parasol init` first)",
            ))
    }

    /// Adds an area (coordinators).
    pub async fn add_area(&self, by: &Member, name: &str) -> AppResult<Area> {
        require(by, Role::Coordinator)?;
        let name = AreaName::parse(name)?;
        Ok(self.store.add_area(by.org, name.as_str()).await?)
    }

    /// The organisation's areas.
    pub async fn areas(&self, org: OrgId) -> AppResult<Vec<Area>> {
        Ok(self.store.areas(org).await?)
    }

    /// Sets how long alerts stay up (coordinators).
    pub async fn set_alert_expiry(
        &self,
        by: &Member,
        alert_days: i64,
        red_days: i64,
    ) -> AppResult<()> {
        require(by, Role::Coordinator)?;
        let mut errors = Vec::new();
        if !(1..=3650).contains(&alert_days) {
            errors.push(FieldError::new(
                "alert_days",
                &alert_days.to_string(),
                "a number of days from 1 to 3650",
            ));
        }
        if !(alert_days..=3650).contains(&red_days) {
            errors.push(FieldError::new(
                "red_alert_days",
                &red_days.to_string(),
                "a number of days from the ordinary expiry up to 3650",
            ));
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        Ok(self
            .store
            .set_alert_expiry(by.org, alert_days, red_days)
            .await?)
    }

    /// Makes a single-use invite (peer workers invite members; coordinators any role).
    pub async fn invite(&self, by: &Member, role: Role) -> AppResult<InviteCode> {
        require(
            by,
            if role == Role::Member {
                Role::PeerWorker
            } else {
                Role::Coordinator
            },
        )?;
        self.store_invite(by.org, role, Some(by.id)).await
    }

    async fn store_invite(&self, org: OrgId, role: Role, by: Option<i64>) -> AppResult<InviteCode> {
        let code = InviteCode::generate();
        self.store
            .create_invite(NewInvite {
                org,
                code_hash: code.hash(),
                role,
                created_by: by,
                expires_at: self.clock.now() + INVITE_DAYS * DAY,
            })
            .await?;
        Ok(code)
    }

    /// Admits a member with an invite code, a chosen handle and passphrase, and signs her in.
    pub async fn join(&self, code: &str, handle: &str, passphrase: &str) -> AppResult<SignedIn> {
        let mut errors = Vec::new();
        let code = InviteCode::parse(code).map_err(|e| errors.push(e)).ok();
        let handle = MemberHandle::parse(handle)
            .and_then(|h| match h.as_str() {
                OPERATOR_HANDLE => Err(FieldError::new(
                    "handle",
                    handle,
                    "a handle other than \"operator\", which is reserved",
                )),
                _ => Ok(h),
            })
            .map_err(|e| errors.push(e))
            .ok();
        if let Err(e) = secrets::check_new_passphrase(passphrase) {
            errors.push(e);
        }
        let (Some(code), Some(handle), true) = (code, handle, errors.is_empty()) else {
            return Err(AppError::Invalid(errors));
        };
        let passphrase_hash = secrets::hash_passphrase(passphrase).await?;
        let member = self
            .store
            .redeem_invite(
                &code.hash(),
                NewMember {
                    handle: handle.as_str().to_string(),
                    passphrase_hash,
                },
                self.clock.now(),
            )
            .await
            .map_err(|e| match AppError::from(e) {
                AppError::NotFound(_) => FieldError::new(
                    "invite",
                    code.as_str(),
                    "an invite that has not been used and is less than 14 days old; ask a peer worker for a new one",
                )
                .into(),
                AppError::Conflict(_) => FieldError::new(
                    "handle",
                    handle.as_str(),
                    "a handle nobody else uses; please choose another",
                )
                .into(),
                other => other,
            })?;
        self.start_session(member).await
    }

    /// The data directory's operator: a coordinator account that cannot sign in (its
    /// passphrase hash matches nothing), under which offline CLI commands act. Created on
    /// first use.
    pub async fn operator(&self, org: OrgId) -> AppResult<Member> {
        if let Ok(member) = self.store.member_by_handle(org, OPERATOR_HANDLE).await {
            return Ok(member);
        }
        let code = self.store_invite(org, Role::Coordinator, None).await?;
        let member = NewMember {
            handle: OPERATOR_HANDLE.to_string(),
            passphrase_hash: "!".to_string(),
        };
        Ok(self
            .store
            .redeem_invite(&code.hash(), member, self.clock.now())
            .await?)
    }

    /// Makes an invite as the operator, for `parasol invite` (e.g. when every coordinator
    /// has lost her passphrase).
    pub async fn operator_invite(&self, org: OrgId, role: Role) -> AppResult<InviteCode> {
        let operator = self.operator(org).await?;
        self.store_invite(org, role, Some(operator.id)).await
    }

    /// Signs a member in with handle and passphrase.
    pub async fn sign_in(&self, org: OrgId, handle: &str, passphrase: &str) -> AppResult<SignedIn> {
        const WRONG: &str = "that handle and passphrase do not match";
        let member = match MemberHandle::parse(handle) {
            Ok(handle) => self.store.member_by_handle(org, handle.as_str()).await.ok(),
            Err(_) => None,
        };
        match member {
            Some(member)
                if secrets::verify_passphrase(passphrase, &member.passphrase_hash).await =>
            {
                self.start_session(member).await
            }
            Some(_) => Err(AppError::Unauthorised(WRONG)),
            None => {
                // Spend the same effort as a real check, so timing does not tell which handles exist.
                let _ = secrets::hash_passphrase(passphrase).await;
                Err(AppError::Unauthorised(WRONG))
            }
        }
    }

    async fn start_session(&self, member: Member) -> AppResult<SignedIn> {
        let token = SessionToken::generate();
        self.store
            .create_session(
                &token.hash(),
                member.id,
                self.clock.now() + SESSION_DAYS * DAY,
            )
            .await?;
        Ok(SignedIn { member, token })
    }

    /// The member a presented session token belongs to.
    pub async fn member_for_token(&self, token: &str) -> AppResult<Member> {
        const NONE: &str = "please sign in";
        let token = SessionToken::from_presented(token).ok_or(AppError::Unauthorised(NONE))?;
        self.store
            .session_member(&token.hash(), self.clock.now())
            .await
            .map_err(|e| match e {
                parasol_store::StoreError::NotFound(_) => AppError::Unauthorised(NONE),
                other => other.into(),
            })
    }

    /// Ends one session.
    pub async fn sign_out(&self, token: &str) -> AppResult<()> {
        if let Some(token) = SessionToken::from_presented(token) {
            self.store.end_session(&token.hash()).await?;
        }
        Ok(())
    }

    /// Ends every session of the member, on every device.
    pub async fn sign_out_everywhere(&self, member: &Member) -> AppResult<()> {
        Ok(self.store.end_all_sessions(member.id).await?)
    }

    /// The organisation's members (peer workers).
    pub async fn members(&self, by: &Member) -> AppResult<Vec<Member>> {
        require(by, Role::PeerWorker)?;
        Ok(self.store.members(by.org).await?)
    }

    /// Changes a member's role (coordinators).
    pub async fn set_role(&self, by: &Member, member: i64, role: Role) -> AppResult<()> {
        require(by, Role::Coordinator)?;
        let target = self.store.member(member).await?;
        if target.org != by.org {
            return Err(AppError::NotFound("member"));
        }
        Ok(self.store.set_role(member, role).await?)
    }
}
