"""What each kind of audit event is called and what it says, as catalogue messages the page
translates: the tables behind api/web/routes/admin/audit_words.py."""

from api.web.i18n import N_
from talent.audit.log import Action

# The kinds of event, as the filter offers them and the export names them.
KINDS: dict[Action, str] = {
    Action.PII_VIEW: N_("viewed personal data"),
    Action.EXPERT_CREATE: N_("created a profile"),
    Action.EXPERT_UPDATE: N_("changed a profile"),
    Action.EXPERT_CONFIRM: N_("confirmed a profile is current"),
    Action.EXPERT_VERIFY: N_("verified claims"),
    Action.EXPERT_LEAD_LIMIT: N_("set how many programmes an expert may lead"),
    Action.EXPERT_WITHDRAW: N_("withdrew a profile"),
    Action.EXPERT_DELETE: N_("deleted a profile"),
    Action.EXPERT_MERGE: N_("merged profiles"),
    Action.EXPERT_UNMERGE: N_("undid a merge"),
    Action.REGISTRATION: N_("registered"),
    Action.REGISTRATION_CONFIRM: N_("confirmed an e-mail"),
    Action.CLAIM: N_("asked to claim a profile"),
    Action.LINK_RESEND: N_("asked for the link again"),
    Action.PASSWORD_FORGOT: N_("asked for a new password"),
    Action.PASSWORD_RESET: N_("set a new password"),
    Action.REVIEW_DECIDE: N_("decided a review"),
    Action.MATCH_REQUEST: N_("asked for matches"),
    Action.MATCH_JOB: N_("started a match run"),
    Action.ASSIGNMENT_RUN: N_("started a portfolio assignment"),
    Action.ASSIGNMENT_ACCEPT: N_("accepted a portfolio assignment"),
    Action.TEAM_PROPOSAL: N_("asked for a team"),
    Action.PIPELINE_MOVE: N_("moved an expert on the pipeline"),
    Action.PIPELINE_FOLLOW_UP: N_("set who follows an expert up"),
    Action.KPI_TARGET: N_("changed the attraction target"),
    Action.SKILL_PROPOSE: N_("proposed a skill"),
    Action.SKILL_PROPOSAL_DECIDE: N_("decided on a proposed skill"),
    Action.MATCH_DECIDE: N_("decided on a candidate"),
    Action.ACCOUNT_CREATE: N_("created an account"),
    Action.ACCOUNT_DEACTIVATE: N_("deactivated an account"),
    Action.ACCOUNT_REACTIVATE: N_("reactivated an account"),
    Action.ORGANIZATION_CREATE: N_("created an organisation"),
    Action.ORGANIZATION_UPDATE: N_("changed an organisation"),
    Action.ORGANIZATION_DELETE: N_("deleted an organisation"),
    Action.WORK_CREATE: N_("added a work"),
    Action.WORK_UPDATE: N_("changed a work"),
    Action.WORK_DELETE: N_("deleted a work"),
    Action.PROGRAMME_CREATE: N_("created a programme"),
    Action.PROGRAMME_UPDATE: N_("changed a programme"),
    Action.PROGRAMME_DELETE: N_("deleted a programme"),
    Action.ROLE_CREATE: N_("created a role"),
    Action.ROLE_UPDATE: N_("changed a role"),
    Action.ROLE_DELETE: N_("deleted a role"),
    Action.ROR_LOAD: N_("loaded a ROR data dump"),
    Action.IMPORT_START: N_("started an import of works"),
    Action.IMPORT_DECIDE: N_("decided on an imported work"),
    Action.IDENTIFIER_LINK: N_("linked an identifier"),
    Action.IDENTIFIER_UNLINK: N_("removed a linked identifier"),
    Action.EXPERT_LIST_UPLOAD: N_("uploaded a list of experts"),
    Action.EXPERT_LIST_MAPPING: N_("changed the columns of a list of experts"),
    Action.EXPERT_LIST_DRY_RUN_START: N_("started a dry run of a list of experts"),
    Action.EXPERT_LIST_DRY_RUN_FINISH: N_("finished a dry run of a list of experts"),
    Action.EXPERT_LIST_IMPORT_START: N_("started the import of a list of experts"),
}

# What each kind of event says; %(who)s acted on %(target)s.
SENTENCES: dict[Action, str] = {
    Action.PII_VIEW: N_("%(who)s viewed the personal data of %(target)s"),
    Action.EXPERT_CREATE: N_("%(who)s created the profile of %(target)s"),
    Action.EXPERT_UPDATE: N_("%(who)s changed the profile of %(target)s"),
    Action.EXPERT_CONFIRM: N_("%(who)s confirmed that the profile of %(target)s is current"),
    Action.EXPERT_VERIFY: N_("%(who)s verified claims on the profile of %(target)s"),
    Action.EXPERT_LEAD_LIMIT: N_("%(who)s set how many programmes %(target)s may lead"),
    Action.EXPERT_WITHDRAW: N_("%(who)s withdrew the profile of %(target)s"),
    Action.EXPERT_DELETE: N_("%(who)s deleted the profile of %(target)s"),
    Action.EXPERT_MERGE: N_(
        "%(who)s merged the profile of %(merged)s into the profile of %(target)s"
    ),
    Action.EXPERT_UNMERGE: N_(
        "%(who)s undid the merge of the profile of %(merged)s into the profile of %(target)s"
    ),
    Action.REGISTRATION: N_("%(who)s registered the profile of %(target)s"),
    Action.REGISTRATION_CONFIRM: N_("%(who)s confirmed the e-mail address of %(target)s"),
    Action.CLAIM: N_("%(who)s asked to claim the profile of %(target)s"),
    Action.LINK_RESEND: N_("%(who)s asked for the link again for the account of %(target)s"),
    Action.PASSWORD_FORGOT: N_("%(who)s asked for a new password for the account of %(target)s"),
    Action.PASSWORD_RESET: N_("%(who)s set a new password for the account of %(target)s"),
    Action.MATCH_REQUEST: N_("%(who)s asked for matches for the role %(target)s"),
    Action.MATCH_JOB: N_("%(who)s started a match run for the role %(target)s"),
    Action.ASSIGNMENT_RUN: N_("%(who)s started a portfolio assignment"),
    Action.TEAM_PROPOSAL: N_("%(who)s asked for a team for the programme %(target)s"),
    Action.ASSIGNMENT_ACCEPT: N_(
        "%(who)s accepted a portfolio assignment and recorded its proposals"
    ),
    Action.PIPELINE_MOVE: N_("%(who)s moved %(target)s to the stage “%(stage)s”"),
    Action.PIPELINE_FOLLOW_UP: N_(
        "%(who)s set the person in charge and the next action for %(target)s"
    ),
    Action.KPI_TARGET: N_("%(who)s changed the attraction target from %(from)s to %(to)s"),
    Action.SKILL_PROPOSE: N_("%(who)s proposed the skill “%(name)s”"),
    Action.ACCOUNT_CREATE: N_("%(who)s created the account of %(target)s"),
    Action.ACCOUNT_DEACTIVATE: N_("%(who)s deactivated the account of %(target)s"),
    Action.ACCOUNT_REACTIVATE: N_("%(who)s reactivated the account of %(target)s"),
    Action.ORGANIZATION_CREATE: N_("%(who)s created the organisation %(target)s"),
    Action.ORGANIZATION_UPDATE: N_("%(who)s changed the organisation %(target)s"),
    Action.ORGANIZATION_DELETE: N_("%(who)s deleted the organisation %(target)s"),
    Action.WORK_CREATE: N_("%(who)s added the work “%(target)s”"),
    Action.WORK_UPDATE: N_("%(who)s changed the work “%(target)s”"),
    Action.WORK_DELETE: N_("%(who)s deleted the work “%(target)s”"),
    Action.PROGRAMME_CREATE: N_("%(who)s created the programme %(target)s"),
    Action.PROGRAMME_UPDATE: N_("%(who)s changed the programme %(target)s"),
    Action.PROGRAMME_DELETE: N_("%(who)s deleted the programme %(target)s"),
    Action.ROLE_CREATE: N_("%(who)s created the role %(target)s"),
    Action.ROLE_UPDATE: N_("%(who)s changed the role %(target)s"),
    Action.ROLE_DELETE: N_("%(who)s deleted the role %(target)s"),
    Action.IMPORT_START: N_("%(who)s started an import of works for %(target)s"),
    Action.IDENTIFIER_LINK: N_("%(who)s linked the identifier %(identifier)s to %(target)s"),
    Action.IDENTIFIER_UNLINK: N_("%(who)s removed the identifier %(identifier)s from %(target)s"),
    Action.ROR_LOAD: N_("%(who)s loaded the ROR data dump %(target)s"),
    Action.EXPERT_LIST_UPLOAD: N_("%(who)s uploaded the list of experts %(target)s"),
    Action.EXPERT_LIST_MAPPING: N_("%(who)s changed the columns of the list of experts %(target)s"),
    Action.EXPERT_LIST_DRY_RUN_START: N_(
        "%(who)s started a dry run of the list of experts %(target)s"
    ),
    Action.EXPERT_LIST_DRY_RUN_FINISH: N_(
        "The dry run that %(who)s started of the list of experts %(target)s finished"
    ),
    Action.EXPERT_LIST_IMPORT_START: N_(
        "%(who)s started the import of the list of experts %(target)s"
    ),
}
# A review's decision: by what was decided on.
DECISIONS: dict[tuple[str, str], str] = {
    ("review", "merge"): N_("%(who)s decided that %(target)s are one person and merged them"),
    ("review", "distinct"): N_("%(who)s decided that %(target)s are different people"),
    ("review", "approve"): N_("%(who)s approved the claim of the profile of %(target)s"),
    ("review", "reject"): N_("%(who)s rejected the claim of the profile of %(target)s"),
    ("organization", "approve"): N_("%(who)s approved the proposed organisation %(target)s"),
    ("organization", "reject"): N_("%(who)s rejected the proposed organisation %(target)s"),
}
IMPORTED = {
    "accept": N_("%(who)s accepted the imported work “%(title)s” for %(target)s"),
    "reject": N_("%(who)s rejected the imported work “%(title)s” for %(target)s"),
}
PROPOSALS = {
    "accepted": N_("%(who)s accepted a proposed skill: %(skill)s"),
    "rejected": N_("%(who)s rejected a proposed skill"),
}
CANDIDATE = {
    "shortlisted": N_("%(who)s shortlisted %(expert)s for the role %(target)s"),
    "rejected": N_("%(who)s rejected %(expert)s for the role %(target)s"),
}
