Profile: KetamineQuestionnaireResponse
Parent: QuestionnaireResponse
Id: ketamine-questionnaire-response
Title: "Questionnaire Response"
Description: "A patient's answers to one of this IG's Questionnaires (PHQ-9, GAD-7, C-SSRS screener recent or since last visit), written by the patient's app or by the care team, or the SPRAVATO REMS monitoring form of a session, completed by the care team. The server scores it and derives the Observations the Questionnaire's extraction templates describe."
* ^status = #active
* ^experimental = false
* obeys ket-qr-questionnaire and ket-qr-author-or-source
// R4 types QuestionnaireResponse.basedOn as Reference(CarePlan | ServiceRequest): a profile cannot narrow it to Task.
* basedOn MS
* basedOn ^short = "A CarePlan or ServiceRequest (R4): not the Task; the server completes the patient's open Task for this Questionnaire and names the response in Task.output"
* questionnaire 1..1 MS
* questionnaire ^short = "One of this IG's Questionnaires (canonical, optionally with |version)"
* status MS
* subject 1..1 MS
* subject only Reference(KetaminePatient)
* authored 1..1 MS
* author MS
* author only Reference(Patient or Practitioner or PractitionerRole or RelatedPerson)
* source MS
* source only Reference(Patient or Practitioner or PractitionerRole or RelatedPerson)

Invariant: ket-qr-questionnaire
Description: "The questionnaire is one of this IG's Questionnaires: phq-9, gad-7, cssrs-screener-recent cssrs-screener-since-last-visit or spravato-rems-monitoring (optionally with |version)."
Expression: "questionnaire.all($this = 'https://ketaminefhir.org/ig/Questionnaire/phq-9' or $this.startsWith('https://ketaminefhir.org/ig/Questionnaire/phq-9|') or $this = 'https://ketaminefhir.org/ig/Questionnaire/gad-7' or $this.startsWith('https://ketaminefhir.org/ig/Questionnaire/gad-7|') or $this = 'https://ketaminefhir.org/ig/Questionnaire/cssrs-screener-recent' or $this.startsWith('https://ketaminefhir.org/ig/Questionnaire/cssrs-screener-recent|') or $this = 'https://ketaminefhir.org/ig/Questionnaire/cssrs-screener-since-last-visit' or $this.startsWith('https://ketaminefhir.org/ig/Questionnaire/cssrs-screener-since-last-visit|') or $this = 'https://ketaminefhir.org/ig/Questionnaire/spravato-rems-monitoring' or $this.startsWith('https://ketaminefhir.org/ig/Questionnaire/spravato-rems-monitoring|'))"
Severity: #error

Invariant: ket-qr-author-or-source
Description: "Who answered is recorded: an author or a source."
Expression: "author.exists() or source.exists()"
Severity: #error
