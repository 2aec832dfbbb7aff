CodeSystem: SafetyAlertCodes
Id: safety-alert
Title: "Ketamine Session Safety Alert"
Description: "Kinds of safety alert the server raises (as DetectedIssue) from session vital signs."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #predose-blood-pressure-high "Pre-dose blood pressure above the warning level" "Blood pressure before dosing is above the configured warning level."
* #session-blood-pressure-high "Blood pressure above the alert level" "Blood pressure during or after the session is at or above the configured alert level."
* #heart-rate-out-of-range "Heart rate outside the alert range" "Heart rate outside the configured range."
* #oxygen-saturation-low "Oxygen saturation below the alert level" "SpO2 below the configured level."
* #respiratory-rate-out-of-range "Respiratory rate outside the alert range" "Respiratory rate outside the configured range."

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
