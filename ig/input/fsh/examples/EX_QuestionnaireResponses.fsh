// The IV patient's own answers between sessions. The clinic typed the baseline scores (weeks 0, with the screening)
// and those of weeks 1 and 3 (PHQ-9) and 3-4 (GAD-7); the other weeks' totals, and the PHQ-9 item 9 finding, are the
// Observations the server derives from these responses (SDC template extraction), so that the journey holds each score
// once. The item 9 finding below is the profile's example; it is what the server derives from the week-4 response, and
// the journey (tests, demo data) leaves it to the server.
Instance: iv-phq9-response-week2
InstanceOf: KetamineQuestionnaireResponse
Title: "PHQ-9 answered by the patient, week 2 (total 9)"
Usage: #example
* questionnaire = "https://ketaminefhir.org/ig/Questionnaire/phq-9"
* status = #completed
* subject = Reference(patient-iv)
* authored = "2026-01-16T10:15:00Z"
* source = Reference(patient-iv)
* item[+].linkId = "44250-9"
* item[=].answer.valueCoding = $loinc#LA6570-1 "More than half the days"
* item[+].linkId = "44255-8"
* item[=].answer.valueCoding = $loinc#LA6570-1 "More than half the days"
* item[+].linkId = "44259-0"
* item[=].answer.valueCoding = $loinc#LA6569-3 "Several days"
* item[+].linkId = "44254-1"
* item[=].answer.valueCoding = $loinc#LA6569-3 "Several days"
* item[+].linkId = "44251-7"
* item[=].answer.valueCoding = $loinc#LA6569-3 "Several days"
* item[+].linkId = "44258-2"
* item[=].answer.valueCoding = $loinc#LA6569-3 "Several days"
* item[+].linkId = "44252-5"
* item[=].answer.valueCoding = $loinc#LA6569-3 "Several days"
* item[+].linkId = "44253-3"
* item[=].answer.valueCoding = $loinc#LA6568-5 "Not at all"
* item[+].linkId = "44260-8"
* item[=].answer.valueCoding = $loinc#LA6568-5 "Not at all"
* item[+].linkId = "69722-7"
* item[=].answer.valueCoding = PhqDifficultyCodes#somewhat-difficult "Somewhat difficult"
* item[+].linkId = "44261-6"
* item[=].answer.valueInteger = 9

Instance: iv-phq9-response-week4
InstanceOf: KetamineQuestionnaireResponse
Title: "PHQ-9 answered by the patient, week 4 (total 6, item 9 Several days)"
Usage: #example
* questionnaire = "https://ketaminefhir.org/ig/Questionnaire/phq-9"
* status = #completed
* subject = Reference(patient-iv)
* authored = "2026-01-30T10:15:00Z"
* source = Reference(patient-iv)
* item[+].linkId = "44250-9"
* item[=].answer.valueCoding = $loinc#LA6569-3 "Several days"
* item[+].linkId = "44255-8"
* item[=].answer.valueCoding = $loinc#LA6569-3 "Several days"
* item[+].linkId = "44259-0"
* item[=].answer.valueCoding = $loinc#LA6569-3 "Several days"
* item[+].linkId = "44254-1"
* item[=].answer.valueCoding = $loinc#LA6569-3 "Several days"
* item[+].linkId = "44251-7"
* item[=].answer.valueCoding = $loinc#LA6568-5 "Not at all"
* item[+].linkId = "44258-2"
* item[=].answer.valueCoding = $loinc#LA6569-3 "Several days"
* item[+].linkId = "44252-5"
* item[=].answer.valueCoding = $loinc#LA6568-5 "Not at all"
* item[+].linkId = "44253-3"
* item[=].answer.valueCoding = $loinc#LA6568-5 "Not at all"
* item[+].linkId = "44260-8"
* item[=].answer.valueCoding = $loinc#LA6569-3 "Several days"
* item[+].linkId = "69722-7"
* item[=].answer.valueCoding = PhqDifficultyCodes#somewhat-difficult "Somewhat difficult"
* item[+].linkId = "44261-6"
* item[=].answer.valueInteger = 6

Instance: iv-gad7-response-week1
InstanceOf: KetamineQuestionnaireResponse
Title: "GAD-7 answered by the patient, week 1 (total 11)"
Usage: #example
* questionnaire = "https://ketaminefhir.org/ig/Questionnaire/gad-7"
* status = #completed
* subject = Reference(patient-iv)
* authored = "2026-01-09T10:20:00Z"
* source = Reference(patient-iv)
* item[+].linkId = "69725-0"
* item[=].answer.valueCoding = $loinc#LA6570-1 "More than half the days"
* item[+].linkId = "68509-9"
* item[=].answer.valueCoding = $loinc#LA6570-1 "More than half the days"
* item[+].linkId = "69733-4"
* item[=].answer.valueCoding = $loinc#LA6570-1 "More than half the days"
* item[+].linkId = "69734-2"
* item[=].answer.valueCoding = $loinc#LA6570-1 "More than half the days"
* item[+].linkId = "69735-9"
* item[=].answer.valueCoding = $loinc#LA6569-3 "Several days"
* item[+].linkId = "69689-8"
* item[=].answer.valueCoding = $loinc#LA6569-3 "Several days"
* item[+].linkId = "69736-7"
* item[=].answer.valueCoding = $loinc#LA6569-3 "Several days"
* item[+].linkId = "70274-6"
* item[=].answer.valueInteger = 11

Instance: iv-gad7-response-week2
InstanceOf: KetamineQuestionnaireResponse
Title: "GAD-7 answered by the patient, week 2 (total 8)"
Usage: #example
* questionnaire = "https://ketaminefhir.org/ig/Questionnaire/gad-7"
* status = #completed
* subject = Reference(patient-iv)
* authored = "2026-01-16T10:20:00Z"
* source = Reference(patient-iv)
* item[+].linkId = "69725-0"
* item[=].answer.valueCoding = $loinc#LA6570-1 "More than half the days"
* item[+].linkId = "68509-9"
* item[=].answer.valueCoding = $loinc#LA6569-3 "Several days"
* item[+].linkId = "69733-4"
* item[=].answer.valueCoding = $loinc#LA6569-3 "Several days"
* item[+].linkId = "69734-2"
* item[=].answer.valueCoding = $loinc#LA6569-3 "Several days"
* item[+].linkId = "69735-9"
* item[=].answer.valueCoding = $loinc#LA6569-3 "Several days"
* item[+].linkId = "69689-8"
* item[=].answer.valueCoding = $loinc#LA6569-3 "Several days"
* item[+].linkId = "69736-7"
* item[=].answer.valueCoding = $loinc#LA6569-3 "Several days"
* item[+].linkId = "70274-6"
* item[=].answer.valueInteger = 8

Instance: iv-cssrs-recent-response
InstanceOf: KetamineQuestionnaireResponse
Title: "C-SSRS screener (recent) after the PHQ-9 item 9 answer: wish to be dead, no active thoughts or behaviour (moderate risk)"
Usage: #example
* questionnaire = "https://ketaminefhir.org/ig/Questionnaire/cssrs-screener-recent"
* status = #completed
* subject = Reference(patient-iv)
* authored = "2026-01-30T11:00:00Z"
* source = Reference(patient-iv)
* item[+].linkId = "93246-7"
* item[=].answer.valueBoolean = true
* item[+].linkId = "93247-5"
* item[=].answer.valueBoolean = false
* item[+].linkId = "93267-3"
* item[=].answer.valueBoolean = false
* item[+].linkId = "cssrs-risk"
* item[=].answer.valueCoding = SuicideRiskCodes#moderate "Moderate risk"

Instance: iv-cssrs-since-last-visit-response
InstanceOf: KetamineQuestionnaireResponse
Title: "C-SSRS screener (since last visit), all answers no (low risk)"
Usage: #example
* questionnaire = "https://ketaminefhir.org/ig/Questionnaire/cssrs-screener-since-last-visit"
* status = #completed
* subject = Reference(patient-iv)
* authored = "2026-02-06T10:15:00Z"
* source = Reference(patient-iv)
* item[+].linkId = "93246-7"
* item[=].answer.valueBoolean = false
* item[+].linkId = "93247-5"
* item[=].answer.valueBoolean = false
* item[+].linkId = "93267-3"
* item[=].answer.valueBoolean = false
* item[+].linkId = "cssrs-risk"
* item[=].answer.valueCoding = SuicideRiskCodes#low "Low risk"


Instance: iv-phq9-week4-item9
InstanceOf: KetamineQuestionnaireFinding
Title: "PHQ-9 item 9 answer, week 4 (Several days), derived from the response"
Usage: #example
* status = #final
* category = $obs-category#survey
* code = $loinc#44260-8
* subject = Reference(patient-iv)
* effectiveDateTime = "2026-01-30T10:15:00Z"
* valueCodeableConcept = $loinc#LA6569-3 "Several days"
* derivedFrom = Reference(iv-phq9-response-week4)
