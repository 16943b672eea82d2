"""The words of the expert-list pages: what each column holds and is called, what happens to
a row, and why a row is refused (by the reason codes of talent.bulk)."""

from api.web.i18n import N_
from talent.bulk.columns import Field
from talent.bulk.models import Outcome

# What each column holds, shown beside the template.
MEANING: dict[Field, str] = {
    Field.FULL_NAME: N_("Required. As the expert writes it, with diacritics."),
    Field.EMAILS: N_(
        "One or more, separated by semicolons. A row with an address a profile already lists "
        "is matched to that profile, not created again."
    ),
    Field.ORCID: N_("Such as 0000-0002-1825-0097; checked. Matches an existing profile too."),
    Field.EXTERNAL_ID: N_(
        "The person's key in your own list. Importing the list again finds the profile by it. "
        "A row needs an e-mail, an ORCID iD or a list key."
    ),
    Field.COUNTRY: N_(
        "Required. A two-letter code (VN) or the country's name in Vietnamese or English."
    ),
    Field.NATIONALITY: N_("Optional; as the country of residence."),
    Field.ORGANIZATION: N_(
        "The name of an organisation in the database, or its name in Vietnamese or English as "
        "ROR lists it; one ROR lists but the database lacks is added from ROR's record. A name "
        "found nowhere refuses the row."
    ),
    Field.ROR: N_(
        "The organisation's ROR id (https://ror.org/02jmfj006 or 02jmfj006): found first by "
        "it, then by the organisation's name in Vietnamese or English."
    ),
    Field.TITLE: N_("The expert's title at that organisation; needs an organisation."),
    Field.SKILLS: N_(
        "Skills by their name in either language or their id, separated by semicolons, each "
        "with a level from 1 to 5 after a colon (Học máy:4); without one, level 3."
    ),
    Field.PHONE: N_("Optional; 6 to 15 digits."),
    Field.HEADLINE: N_("A line about the expert's work; read as text, never as a formula."),
}
FIELD_NAMES: dict[Field, str] = {
    Field.FULL_NAME: N_("Full name"),
    Field.EMAILS: N_("E-mail"),
    Field.ORCID: N_("ORCID iD"),
    Field.EXTERNAL_ID: N_("List key"),
    Field.COUNTRY: N_("Country of residence"),
    Field.NATIONALITY: N_("Nationality"),
    Field.ORGANIZATION: N_("Organisation"),
    Field.ROR: N_("ROR ID"),
    Field.TITLE: N_("Job title"),
    Field.SKILLS: N_("Skills"),
    Field.PHONE: N_("Phone"),
    Field.HEADLINE: N_("Headline"),
}
OUTCOMES: dict[Outcome, str] = {
    Outcome.CREATED: N_("New profile"),
    Outcome.MATCHED: N_("Already in the database"),
    Outcome.REVIEW: N_("Possible duplicate: to review"),
    Outcome.REFUSED: N_("Refused"),
}
REASONS: dict[str, str] = {
    "required": N_("This is required."),
    "invalid_name": N_("This is not a valid name."),
    "invalid_email": N_("This is not a valid e-mail address."),
    "invalid_orcid": N_("This is not a valid ORCID iD (its check digit is wrong, or its form)."),
    "invalid_phone": N_("This is not a valid phone number."),
    "unknown_country": N_("No country has this code or name."),
    "unknown_organization": N_("No organisation in the database has this name."),
    "invalid_ror": N_("This is not a ROR id (such as https://ror.org/02jmfj006)."),
    "unknown_ror": N_(
        "No organisation in the database nor record of the ROR register has this id."
    ),
    "ror_mismatch": N_("The organisation with this name has another ROR id."),
    "title_without_organization": N_("A title needs an organisation."),
    "unknown_skill": N_("No skill of the taxonomy has this name."),
    "no_key": N_("The row needs an e-mail, an ORCID iD or a list key."),
    "repeated": N_("An earlier row of the file has the same e-mail, ORCID iD or list key."),
    "keys_conflict": N_("Its e-mail, ORCID iD and list key name different profiles."),
    "invalid": N_("This value is not valid."),
}
