Instance: iv-phq9-week0
InstanceOf: KetamineScore
Title: "PHQ-9 baseline"
Usage: #example
* status = #final
* category = $obs-category#survey
* code = $loinc#44261-6 "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"
* subject = Reference(patient-iv)
* effectiveDateTime = "2026-01-02T10:15:00Z"
* valueInteger = 21

Instance: iv-phq9-week1
InstanceOf: KetamineScore
Title: "PHQ-9 week 1"
Usage: #example
* status = #final
* category = $obs-category#survey
* code = $loinc#44261-6 "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"
* subject = Reference(patient-iv)
* effectiveDateTime = "2026-01-09T10:15:00Z"
* valueInteger = 14

Instance: iv-phq9-week3
InstanceOf: KetamineScore
Title: "PHQ-9 week 3"
Usage: #example
* status = #final
* category = $obs-category#survey
* code = $loinc#44261-6 "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"
* subject = Reference(patient-iv)
* effectiveDateTime = "2026-01-23T10:15:00Z"
* valueInteger = 7

Instance: iv-gad7-week0
InstanceOf: KetamineScore
Title: "GAD-7 baseline"
Usage: #example
* status = #final
* category = $obs-category#survey
* code = $loinc#70274-6 "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"
* subject = Reference(patient-iv)
* effectiveDateTime = "2026-01-02T10:20:00Z"
* valueInteger = 15

Instance: iv-gad7-week3
InstanceOf: KetamineScore
Title: "GAD-7 week 3"
Usage: #example
* status = #final
* category = $obs-category#survey
* code = $loinc#70274-6 "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"
* subject = Reference(patient-iv)
* effectiveDateTime = "2026-01-23T10:20:00Z"
* valueInteger = 6

Instance: iv-gad7-week4
InstanceOf: KetamineScore
Title: "GAD-7 week 4"
Usage: #example
* status = #final
* category = $obs-category#survey
* code = $loinc#70274-6 "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"
* subject = Reference(patient-iv)
* effectiveDateTime = "2026-01-30T10:20:00Z"
* valueInteger = 5

Instance: iv-madrs-baseline
InstanceOf: KetamineScore
Title: "MADRS baseline"
Usage: #example
* status = #final
* category = $obs-category#survey
* code = KetamineObservationCodes#madrs "MADRS total score"
* subject = Reference(patient-iv)
* effectiveDateTime = "2026-01-02T10:30:00Z"
* valueInteger = 32

Instance: esk-phq9-baseline
InstanceOf: KetamineScore
Title: "PHQ-9 baseline"
Usage: #example
* status = #final
* category = $obs-category#survey
* code = $loinc#44261-6 "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"
* subject = Reference(patient-esk)
* effectiveDateTime = "2026-02-02T10:15:00Z"
* valueInteger = 19

Instance: ne-phq9-baseline
InstanceOf: KetamineScore
Title: "PHQ-9 baseline"
Usage: #example
* status = #final
* category = $obs-category#survey
* code = $loinc#44261-6 "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"
* subject = Reference(patient-not-eligible)
* effectiveDateTime = "2026-03-02T10:15:00Z"
* valueInteger = 22

Instance: iv-s1-cadss
InstanceOf: KetamineScore
Title: "CADSS at 40 minutes, session 1"
Usage: #example
* status = #final
* category = $obs-category#survey
* code = KetamineObservationCodes#cadss "CADSS total score"
* subject = Reference(patient-iv)
* effectiveDateTime = "2026-01-05T09:40:00Z"
* valueInteger = 14
* partOf = Reference(iv-session-1)
