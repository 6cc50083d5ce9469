//! The vocabulary of a case's life: who acts (roles), the steps with their data, and the
//! kinds of step the menu offers. The rules that apply them are in the parent module.

use crate::domain::case::Status;
use crate::domain::policy::ClockKind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What a member of staff may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// 登记员
    Clerk,
    /// 科长/负责人: approvals
    Head,
    /// 管理员
    Admin,
}

/// Who takes a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    pub roles: Vec<Role>,
}

impl Actor {
    /// The one default clerk of a counter without accounts: holds every role.
    pub fn everyone(name: &str) -> Self {
        Self {
            name: name.to_string(),
            roles: vec![Role::Clerk, Role::Head, Role::Admin],
        }
    }
    pub fn clerk(name: &str) -> Self {
        Self {
            name: name.to_string(),
            roles: vec![Role::Clerk],
        }
    }
    pub fn is_head(&self) -> bool {
        self.roles.contains(&Role::Head)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RouteMode {
    /// 上报
    Report,
    /// 交办
    Assign,
    /// 转送
    Transfer,
    /// 协调 (a lead department and co-departments)
    Coordinate,
}

impl RouteMode {
    pub const ALL: [RouteMode; 4] = [Self::Report, Self::Assign, Self::Transfer, Self::Coordinate];
    pub fn label(self) -> &'static str {
        match self {
            Self::Report => "上报",
            Self::Assign => "交办",
            Self::Transfer => "转送",
            Self::Coordinate => "协调",
        }
    }
    /// The slip this handover produces.
    pub fn slip(self) -> &'static str {
        match self {
            Self::Report => "移交单",
            Self::Assign | Self::Coordinate => "交办单",
            Self::Transfer => "转送单",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OpinionKind {
    Support,
    Partial,
    Explain,
    NotSupport,
}

impl OpinionKind {
    pub const ALL: [OpinionKind; 4] = [
        Self::Support,
        Self::Partial,
        Self::Explain,
        Self::NotSupport,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Self::Support => "予以支持",
            Self::Partial => "部分支持",
            Self::Explain => "解释说明",
            Self::NotSupport => "不予支持",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Satisfaction {
    Satisfied,
    Basically,
    Unsatisfied,
}

impl Satisfaction {
    pub const ALL: [Satisfaction; 3] = [Self::Satisfied, Self::Basically, Self::Unsatisfied];
    pub fn label(self) -> &'static str {
        match self {
            Self::Satisfied => "满意",
            Self::Basically => "基本满意",
            Self::Unsatisfied => "不满意",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewOutcome {
    Uphold,
    Revoke,
    Change,
    Redo,
}

impl ReviewOutcome {
    pub const ALL: [ReviewOutcome; 4] = [Self::Uphold, Self::Revoke, Self::Change, Self::Redo];
    pub fn label(self) -> &'static str {
        match self {
            Self::Uphold => "维持",
            Self::Revoke => "撤销",
            Self::Change => "变更",
            Self::Redo => "责令重新作出",
        }
    }
}

/// One step of a case's life, with what it records. New variants are appended only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    Accept {
        told: NaiveDate,
    },
    Reject {
        reason: String,
        redirect: String,
        told: NaiveDate,
    },
    NoLongerAccept {
        reason: String,
    },
    Route {
        mode: RouteMode,
        lead: String,
        co: Vec<String>,
        slip: u32,
    },
    Receipt {
        date: NaiveDate,
    },
    SendBack {
        reason: String,
    },
    Opinion {
        kind: OpinionKind,
        date: NaiveDate,
    },
    Delivered {
        date: NaiveDate,
    },
    RequestExtension {
        reason: String,
        days: u32,
    },
    ApproveExtension,
    RefuseExtension {
        reason: String,
    },
    /// `left` and `from` are filled in by [`Case::apply`]: the days each clock had left and
    /// the status to return to.
    Pause {
        reason: String,
        left: Vec<(ClockKind, i64)>,
        from: Option<Status>,
    },
    Resume,
    Supervise {
        dept: String,
        days: u32,
        slip: u32,
    },
    SupervisionReply {
        date: NaiveDate,
    },
    Evaluate {
        case: Satisfaction,
        clerk: Satisfaction,
    },
    ReturnVisit {
        date: NaiveDate,
        note: String,
    },
    Close {
        override_reason: Option<String>,
    },
    RequestReview {
        date: NaiveDate,
        late_override: Option<String>,
    },
    ReviewDecision {
        outcome: ReviewOutcome,
        date: NaiveDate,
    },
    RequestReReview {
        date: NaiveDate,
        late_override: Option<String>,
    },
    ReReviewDecision {
        outcome: ReviewOutcome,
        date: NaiveDate,
    },
    Terminate {
        reason: String,
    },
    Archive {
        special: bool,
    },
    Recuse {
        reason: String,
    },
}

/// The kind of a step, without its data: what the case view offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepKind {
    Accept,
    Reject,
    NoLongerAccept,
    Route,
    Receipt,
    SendBack,
    Opinion,
    Delivered,
    RequestExtension,
    ApproveExtension,
    RefuseExtension,
    Pause,
    Resume,
    Supervise,
    SupervisionReply,
    Evaluate,
    ReturnVisit,
    Close,
    RequestReview,
    ReviewDecision,
    RequestReReview,
    ReReviewDecision,
    Terminate,
    Archive,
    Recuse,
}

impl StepKind {
    pub const ALL: [StepKind; 25] = [
        Self::Accept,
        Self::Reject,
        Self::NoLongerAccept,
        Self::Route,
        Self::Receipt,
        Self::SendBack,
        Self::Opinion,
        Self::Delivered,
        Self::RequestExtension,
        Self::ApproveExtension,
        Self::RefuseExtension,
        Self::Pause,
        Self::Resume,
        Self::Supervise,
        Self::SupervisionReply,
        Self::Evaluate,
        Self::ReturnVisit,
        Self::Close,
        Self::RequestReview,
        Self::ReviewDecision,
        Self::RequestReReview,
        Self::ReReviewDecision,
        Self::Terminate,
        Self::Archive,
        Self::Recuse,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Accept => "受理",
            Self::Reject => "不予受理",
            Self::NoLongerAccept => "不再受理",
            Self::Route => "交办/转送",
            Self::Receipt => "回执",
            Self::SendBack => "退回",
            Self::Opinion => "处理意见",
            Self::Delivered => "意见送达",
            Self::RequestExtension => "申请延期",
            Self::ApproveExtension => "批准延期",
            Self::RefuseExtension => "不批准延期",
            Self::Pause => "暂停计时",
            Self::Resume => "恢复计时",
            Self::Supervise => "督办",
            Self::SupervisionReply => "督办回复",
            Self::Evaluate => "评价",
            Self::ReturnVisit => "回访",
            Self::Close => "办结",
            Self::RequestReview => "复查申请",
            Self::ReviewDecision => "复查决定",
            Self::RequestReReview => "复核申请",
            Self::ReReviewDecision => "复核决定",
            Self::Terminate => "终结",
            Self::Archive => "归档",
            Self::Recuse => "回避",
        }
    }

    /// Steps the rules reserve for a head (科长/负责人).
    pub fn needs_head(self) -> bool {
        matches!(
            self,
            Self::Reject
                | Self::NoLongerAccept
                | Self::ApproveExtension
                | Self::RefuseExtension
                | Self::Terminate
        )
    }
}

impl Step {
    pub fn kind(&self) -> StepKind {
        match self {
            Self::Accept { .. } => StepKind::Accept,
            Self::Reject { .. } => StepKind::Reject,
            Self::NoLongerAccept { .. } => StepKind::NoLongerAccept,
            Self::Route { .. } => StepKind::Route,
            Self::Receipt { .. } => StepKind::Receipt,
            Self::SendBack { .. } => StepKind::SendBack,
            Self::Opinion { .. } => StepKind::Opinion,
            Self::Delivered { .. } => StepKind::Delivered,
            Self::RequestExtension { .. } => StepKind::RequestExtension,
            Self::ApproveExtension => StepKind::ApproveExtension,
            Self::RefuseExtension { .. } => StepKind::RefuseExtension,
            Self::Pause { .. } => StepKind::Pause,
            Self::Resume => StepKind::Resume,
            Self::Supervise { .. } => StepKind::Supervise,
            Self::SupervisionReply { .. } => StepKind::SupervisionReply,
            Self::Evaluate { .. } => StepKind::Evaluate,
            Self::ReturnVisit { .. } => StepKind::ReturnVisit,
            Self::Close { .. } => StepKind::Close,
            Self::RequestReview { .. } => StepKind::RequestReview,
            Self::ReviewDecision { .. } => StepKind::ReviewDecision,
            Self::RequestReReview { .. } => StepKind::RequestReReview,
            Self::ReReviewDecision { .. } => StepKind::ReReviewDecision,
            Self::Terminate { .. } => StepKind::Terminate,
            Self::Archive { .. } => StepKind::Archive,
            Self::Recuse { .. } => StepKind::Recuse,
        }
    }

    /// One line for the history.
    pub fn describe(&self) -> String {
        match self {
            Self::Accept { told } => format!("告知信访人 {told}"),
            Self::Reject {
                reason,
                redirect,
                told,
            } => format!("{reason}；请向{redirect}反映；告知 {told}"),
            Self::NoLongerAccept { reason }
            | Self::Terminate { reason }
            | Self::SendBack { reason } => reason.clone(),
            Self::Route {
                mode,
                lead,
                co,
                slip,
            } => {
                let co = if co.is_empty() {
                    String::new()
                } else {
                    format!("，协办 {}", co.join("、"))
                };
                format!("{} {lead}{co}（{}第{slip}号）", mode.label(), mode.slip())
            }
            Self::Receipt { date } | Self::Delivered { date } | Self::SupervisionReply { date } => {
                date.to_string()
            }
            Self::Opinion { kind, date } => format!("{} {date}", kind.label()),
            Self::RequestExtension { reason, days } => format!("{days} 天：{reason}"),
            Self::ApproveExtension | Self::Resume => String::new(),
            Self::RefuseExtension { reason } | Self::Recuse { reason } => reason.clone(),
            Self::Pause { reason, .. } => reason.clone(),
            Self::Supervise { dept, days, slip } => {
                format!("{dept}，{days} 天内回复（督办单第{slip}号）")
            }
            Self::Evaluate { case, clerk } => {
                format!("对办理结果{}，对接待人员{}", case.label(), clerk.label())
            }
            Self::ReturnVisit { date, note } => format!("{date} {note}"),
            Self::Close { override_reason } => match override_reason {
                Some(r) => format!("负责人批准在清单未齐时办结：{r}"),
                None => String::new(),
            },
            Self::RequestReview {
                date,
                late_override,
            }
            | Self::RequestReReview {
                date,
                late_override,
            } => match late_override {
                Some(r) => format!("{date}（逾期申请，经批准：{r}）"),
                None => date.to_string(),
            },
            Self::ReviewDecision { outcome, date } | Self::ReReviewDecision { outcome, date } => {
                format!("{} {date}", outcome.label())
            }
            Self::Archive { special } => if *special { "专卷" } else { "普通卷" }.to_string(),
        }
    }
}
