Extension: EligibilityReason
Id: eligibility-reason
Title: "Eligibility Reason"
Description: "One reason behind a screening's eligibility outcome: the id of the clinical rule that produced it (e.g. ELIG-ABSOLUTE-CONTRAINDICATION) and what it found."
Context: Observation
* ^status = #active
* ^experimental = false
* extension contains
    rule 1..1 and
    detail 1..1
* extension[rule].value[x] only string
* extension[rule].valueString 1..1
* extension[detail].value[x] only string
* extension[detail].valueString 1..1

Extension: RuleOverride
Id: rule-override
Title: "Clinical Rule Override"
Description: "A clinician's documented decision to proceed despite a soft clinical rule (e.g. the minimum interval between sessions): which rule, why, and who decided. Hard rules cannot be overridden."
Context: MedicationAdministration
* ^status = #active
* ^experimental = false
* extension contains
    rule 1..1 and
    reason 1..1 and
    clinician 0..1
* extension[rule].value[x] only string
* extension[rule].valueString 1..1
* extension[reason].value[x] only string
* extension[reason].valueString 1..1
* extension[clinician].value[x] only Reference(Practitioner or PractitionerRole)
