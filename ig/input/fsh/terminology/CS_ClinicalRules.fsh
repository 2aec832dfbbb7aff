CodeSystem: SafetyAlertCodes
Id: safety-alert
Title: "Ketamine Session Safety Alert"
Description: "Kinds of safety alert the server raises (as DetectedIssue): from session vital signs, from in-session sedation (MOAA/S) and dissociation (CADSS) scores, and from the suicide-risk questionnaires (PHQ-9 item 9, C-SSRS), and a SPRAVATO REMS monitoring form not submitted in time. Each alert's detail starts with the id of the rule that raised it (e.g. VITALS-SPO2, MOAAS-LOC, PHQ9-ITEM9)."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #predose-blood-pressure-high "Pre-dose blood pressure above the warning level" "Blood pressure before dosing is above the configured warning level."
* #session-blood-pressure-high "Blood pressure above the alert level" "Blood pressure during or after the session is at or above the configured alert level."
* #heart-rate-out-of-range "Heart rate outside the alert range" "Heart rate outside the configured range."
* #oxygen-saturation-low "Oxygen saturation below the alert level" "SpO2 below the configured level."
* #respiratory-rate-out-of-range "Respiratory rate outside the alert range" "Respiratory rate outside the configured range."
* #sedation-deep "Deep sedation (MOAA/S at or below the alert level)" "An in-session MOAA/S score at or below the configured alert level (rule MOAAS-SEDATION)."
* #loss-of-consciousness "Loss of consciousness (MOAA/S 0)" "An in-session MOAA/S score of 0, no response to a painful stimulus: loss of consciousness as the Spravato label defines it, reportable under the Spravato REMS (rule MOAAS-LOC)."
* #dissociation-high "Dissociation above the alert level (CADSS)" "An in-session CADSS total above the configured alert level (rule CADSS-DISSOCIATION)."
* #suicide-risk-phq9-item9 "PHQ-9 item 9 positive: a C-SSRS screen is needed" "The PHQ-9 item 9 answer (thoughts of self-harm, LOINC 44260-8) is above 0: a C-SSRS screen is needed (rule PHQ9-ITEM9). A clinician reviews it before the next session."
* #suicide-risk-high "C-SSRS: high suicide risk" "The C-SSRS screener found intent, a plan with intent, or suicidal behaviour within the past three months (or since the last visit): high risk (rule CSSRS-RISK). A clinician reviews it before the next session."
* #suicide-risk-moderate "C-SSRS: moderate suicide risk" "The C-SSRS screener found another positive answer: moderate risk (rule CSSRS-RISK)."
* #rems-form-overdue "SPRAVATO REMS monitoring form overdue" "The REMS Patient Monitoring Form of an esketamine session was not submitted by its due date (7 days after the session by default; rule REMS-OVERDUE)."

CodeSystem: SuicideRiskReviewCodes
Id: suicide-risk-review
Title: "Suicide Risk Review Action"
Description: "What a clinician did when reviewing a suicide-risk alert (DetectedIssue.mitigation.action): the server accepts a suicide-risk alert as reviewed (status final) only with one of these, a date and the reviewing Practitioner (rule ALERT-REVIEW)."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #safety-plan "Safety plan made or updated" "A safety plan was made with the patient, or the existing one reviewed and updated."
* #level-of-care-decided "Level of care decided" "The clinician assessed the risk and decided the level of care (e.g. continue outpatient treatment, intensify follow-up, admit)."
* #crisis-referral "Referred to crisis services" "The patient was referred to crisis or emergency services."
* #no-change "Reviewed: no change to care" "The clinician reviewed the finding and changed nothing in the patient's care."

ValueSet: SuicideRiskReviewVS
Id: suicide-risk-review
Title: "Suicide Risk Review Action"
Description: "The actions a clinician records when reviewing a suicide-risk alert (DetectedIssue.mitigation.action)."
* ^status = #active
* ^experimental = false
* include codes from system SuicideRiskReviewCodes

CodeSystem: TreatmentProtocolCodes
Id: treatment-protocol
Title: "Ketamine Treatment Protocol"
Description: "Treatment protocols $ketamine-plan can schedule."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #iv-racemic "IV racemic ketamine" "Racemic ketamine 0.5 mg/kg IV over 40 minutes, an induction series of infusions then maintenance."
* #esketamine-intranasal "Intranasal esketamine (label)" "Esketamine nasal spray per its label: twice weekly in weeks 1-4 (56 mg on day 1), weekly in weeks 5-8."
* #im-racemic "IM racemic ketamine" "Racemic ketamine IM, an induction series then maintenance (clinic-defined dose)."

ValueSet: TreatmentProtocolVS
Id: treatment-protocol
Title: "Treatment Protocol"
Description: "Treatment protocols $ketamine-plan can schedule."
* ^status = #active
* ^experimental = false
* include codes from system TreatmentProtocolCodes
