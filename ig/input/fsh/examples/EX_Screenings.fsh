Instance: iv-screening
InstanceOf: KetamineScreening
Title: "Screening: eligible (IV ketamine)"
Description: "Pre-treatment evaluation finding no contraindication."
Usage: #example
* status = #final
* category = $obs-category#survey
* code = KetamineObservationCodes#ketamine-screening
* subject = Reference(patient-iv)
* effectiveDateTime = "2026-01-02T11:00:00Z"
* valueCodeableConcept = EligibilityOutcomeCodes#eligible "Eligible"
* component[indication].code = KetamineObservationCodes#indication
* component[indication].valueCodeableConcept = $sct#1153570009 "Treatment resistant depression"
* component[adequateTrials].code = KetamineObservationCodes#adequate-antidepressant-trials
* component[adequateTrials].valueInteger = 3
* component[pregnancyStatus].code = KetamineObservationCodes#pregnancy-status
* component[pregnancyStatus].valueCodeableConcept = PregnancyStatusCodes#not-applicable
* component[aneurysmalVascularDisease].valueBoolean = false
* component[arteriovenousMalformation].valueBoolean = false
* component[intracerebralHemorrhage].valueBoolean = false
* component[hypersensitivity].valueBoolean = false
* component[uncontrolledHypertension].valueBoolean = false
* component[unstableCardiovascularDisease].valueBoolean = false
* component[psychosis].valueBoolean = false
* component[substanceUseDisorder].valueBoolean = false
* component[raisedIntracranialOrIntraocularPressure].valueBoolean = false
* component[severeHepaticImpairment].valueBoolean = false
* component[benzodiazepines].valueBoolean = false
* component[nonBenzodiazepineHypnotics].valueBoolean = false
* component[opioids].valueBoolean = false
* component[psychostimulants].valueBoolean = false
* component[maois].valueBoolean = false
* hasMember[0] = Reference(iv-baseline-bp)
* hasMember[1] = Reference(iv-baseline-hr)
* hasMember[2] = Reference(iv-baseline-weight)
* hasMember[3] = Reference(iv-baseline-bmi)
* hasMember[4] = Reference(iv-phq9-week0)
* hasMember[5] = Reference(iv-gad7-week0)
* hasMember[6] = Reference(iv-madrs-baseline)

Instance: esk-screening
InstanceOf: KetamineScreening
Title: "Screening: eligible (esketamine)"
Description: "Pre-treatment evaluation before intranasal esketamine."
Usage: #example
* status = #final
* category = $obs-category#survey
* code = KetamineObservationCodes#ketamine-screening
* subject = Reference(patient-esk)
* effectiveDateTime = "2026-02-02T11:00:00Z"
* valueCodeableConcept = EligibilityOutcomeCodes#eligible "Eligible"
* component[indication].code = KetamineObservationCodes#indication
* component[indication].valueCodeableConcept = $sct#1153570009 "Treatment resistant depression"
* component[adequateTrials].code = KetamineObservationCodes#adequate-antidepressant-trials
* component[adequateTrials].valueInteger = 2
* component[pregnancyStatus].code = KetamineObservationCodes#pregnancy-status
* component[pregnancyStatus].valueCodeableConcept = PregnancyStatusCodes#not-pregnant
* component[aneurysmalVascularDisease].valueBoolean = false
* component[arteriovenousMalformation].valueBoolean = false
* component[intracerebralHemorrhage].valueBoolean = false
* component[hypersensitivity].valueBoolean = false
* component[uncontrolledHypertension].valueBoolean = false
* component[unstableCardiovascularDisease].valueBoolean = false
* component[psychosis].valueBoolean = false
* component[substanceUseDisorder].valueBoolean = false
* component[raisedIntracranialOrIntraocularPressure].valueBoolean = false
* component[severeHepaticImpairment].valueBoolean = false
* component[benzodiazepines].valueBoolean = false
* component[nonBenzodiazepineHypnotics].valueBoolean = false
* component[opioids].valueBoolean = false
* component[psychostimulants].valueBoolean = false
* component[maois].valueBoolean = false
* hasMember[0] = Reference(esk-baseline-bp)
* hasMember[1] = Reference(esk-baseline-hr)
* hasMember[2] = Reference(esk-baseline-weight)
* hasMember[3] = Reference(esk-baseline-bmi)
* hasMember[4] = Reference(esk-phq9-baseline)

Instance: ne-screening
InstanceOf: KetamineScreening
Title: "Screening: not eligible"
Description: "Pre-treatment evaluation finding aneurysmal vascular disease, an absolute contraindication."
Usage: #example
* status = #final
* category = $obs-category#survey
* code = KetamineObservationCodes#ketamine-screening
* subject = Reference(patient-not-eligible)
* effectiveDateTime = "2026-03-02T11:00:00Z"
* valueCodeableConcept = EligibilityOutcomeCodes#not-eligible "Not eligible"
* component[indication].code = KetamineObservationCodes#indication
* component[indication].valueCodeableConcept = $sct#1153570009 "Treatment resistant depression"
* component[adequateTrials].code = KetamineObservationCodes#adequate-antidepressant-trials
* component[adequateTrials].valueInteger = 4
* component[pregnancyStatus].code = KetamineObservationCodes#pregnancy-status
* component[pregnancyStatus].valueCodeableConcept = PregnancyStatusCodes#not-applicable
* component[aneurysmalVascularDisease].valueBoolean = true
* component[arteriovenousMalformation].valueBoolean = false
* component[intracerebralHemorrhage].valueBoolean = false
* component[hypersensitivity].valueBoolean = false
* component[uncontrolledHypertension].valueBoolean = false
* component[unstableCardiovascularDisease].valueBoolean = false
* component[psychosis].valueBoolean = false
* component[substanceUseDisorder].valueBoolean = false
* component[raisedIntracranialOrIntraocularPressure].valueBoolean = false
* component[severeHepaticImpairment].valueBoolean = false
* component[benzodiazepines].valueBoolean = false
* component[nonBenzodiazepineHypnotics].valueBoolean = false
* component[opioids].valueBoolean = false
* component[psychostimulants].valueBoolean = false
* component[maois].valueBoolean = false
* hasMember[0] = Reference(ne-baseline-bp)
* hasMember[1] = Reference(ne-baseline-hr)
* hasMember[2] = Reference(ne-baseline-weight)
* hasMember[3] = Reference(ne-baseline-bmi)
* hasMember[4] = Reference(ne-phq9-baseline)

Instance: iv-condition-trd
InstanceOf: Condition
Title: "Treatment-resistant depression"
Usage: #example
* clinicalStatus = http://terminology.hl7.org/CodeSystem/condition-clinical#active
* verificationStatus = http://terminology.hl7.org/CodeSystem/condition-ver-status#confirmed
* code = $sct#1153570009 "Treatment resistant depression"
* subject = Reference(patient-iv)
* onsetDateTime = "2023-09-01"
