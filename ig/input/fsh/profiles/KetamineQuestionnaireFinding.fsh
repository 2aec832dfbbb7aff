Profile: KetamineQuestionnaireFinding
Parent: Observation
Id: ketamine-questionnaire-finding
Title: "Questionnaire Finding"
Description: "A coded finding derived from a patient's QuestionnaireResponse by the Questionnaire's SDC extraction template: the PHQ-9 item 9 answer (LOINC 44260-8, thoughts of self-harm) or the suicide risk triaged from a C-SSRS screener (this IG's code cssrs-risk). Written by the server, never by a patient's app."
* ^status = #active
* ^experimental = false
* status MS
* category 1..* MS
* category = $obs-category#survey
* code MS
* code from QuestionnaireFindingVS (required)
* subject 1..1 MS
* subject only Reference(KetaminePatient)
* effective[x] 1..1 MS
* effective[x] only dateTime
* value[x] 1..1 MS
* value[x] only CodeableConcept
* derivedFrom 1..* MS
* derivedFrom only Reference(QuestionnaireResponse)
* derivedFrom ^short = "The QuestionnaireResponse the finding was extracted from"
