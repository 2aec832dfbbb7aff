Instance: iv-encounter-1
InstanceOf: Encounter
Title: "Session encounter"
Usage: #example
* status = #finished
* class = $v3-ActCode#AMB "ambulatory"
* subject = Reference(patient-iv)
* period.start = "2026-01-05T08:45:00Z"
* period.end = "2026-01-05T10:45:00Z"

Instance: iv-medication-1
InstanceOf: KetamineMedication
Usage: #inline
* code = KetamineProductCodes#ketamine "Racemic ketamine"
* batch.lotNumber = "KT24110A"

Instance: iv-session-1
InstanceOf: KetamineSession
Title: "IV ketamine session 1 (induction)"
Description: "Racemic ketamine 0.5 mg/kg IV over 40 minutes (80 kg actual weight: 40 mg at 60 mg/h)."
Usage: #example
* contained[0] = iv-medication-1
* extension[basedOn].valueReference = Reference(iv-plan)
* extension[sessionNumber].valuePositiveInt = 1
* extension[phase].valueCode = #induction
* status = #completed
* medicationReference = Reference(iv-medication-1)
* subject = Reference(patient-iv)
* context = Reference(iv-encounter-1)
* effectivePeriod.start = "2026-01-05T09:00:00Z"
* effectivePeriod.end = "2026-01-05T09:40:00Z"
* dosage.route = $sct#47625008 "Intravenous route"
* dosage.dose = 40 'mg' "mg"
* dosage.rateQuantity = 60 'mg/h' "mg/h"
* dosage.extension[dosePerKg].valueQuantity = 0.5 'mg/kg' "mg/kg"
* dosage.extension[dosingWeight].extension[basis].valueCode = #actual
* dosage.extension[dosingWeight].extension[weight].valueQuantity = 80 'kg' "kg"

Instance: iv-s1-discharge
InstanceOf: KetamineDischargeReadiness
Title: "Discharge readiness"
Usage: #example
* status = #final
* code = KetamineObservationCodes#discharge-readiness
* subject = Reference(patient-iv)
* partOf = Reference(iv-session-1)
* effectiveDateTime = "2026-01-05T10:30:00Z"
* valueBoolean = true
* component[sedationResolved].valueBoolean = true
* component[dissociationResolved].valueBoolean = true
* component[vitalsAcceptable].valueBoolean = true
* component[escortPresent].valueBoolean = true
* component[minutesMonitored].valueQuantity = 90 'min' "min"

Instance: iv-encounter-2
InstanceOf: Encounter
Title: "Session encounter"
Usage: #example
* status = #finished
* class = $v3-ActCode#AMB "ambulatory"
* subject = Reference(patient-iv)
* period.start = "2026-01-07T08:45:00Z"
* period.end = "2026-01-07T10:45:00Z"

Instance: iv-medication-2
InstanceOf: KetamineMedication
Usage: #inline
* code = KetamineProductCodes#ketamine "Racemic ketamine"
* batch.lotNumber = "KT24110A"

Instance: iv-session-2
InstanceOf: KetamineSession
Title: "IV ketamine session 2 (induction)"
Description: "Racemic ketamine 0.5 mg/kg IV over 40 minutes (80 kg actual weight: 40 mg at 60 mg/h)."
Usage: #example
* contained[0] = iv-medication-2
* extension[basedOn].valueReference = Reference(iv-plan)
* extension[sessionNumber].valuePositiveInt = 2
* extension[phase].valueCode = #induction
* status = #completed
* medicationReference = Reference(iv-medication-2)
* subject = Reference(patient-iv)
* context = Reference(iv-encounter-2)
* effectivePeriod.start = "2026-01-07T09:00:00Z"
* effectivePeriod.end = "2026-01-07T09:40:00Z"
* dosage.route = $sct#47625008 "Intravenous route"
* dosage.dose = 40 'mg' "mg"
* dosage.rateQuantity = 60 'mg/h' "mg/h"
* dosage.extension[dosePerKg].valueQuantity = 0.5 'mg/kg' "mg/kg"
* dosage.extension[dosingWeight].extension[basis].valueCode = #actual
* dosage.extension[dosingWeight].extension[weight].valueQuantity = 80 'kg' "kg"

Instance: iv-s2-discharge
InstanceOf: KetamineDischargeReadiness
Title: "Discharge readiness"
Usage: #example
* status = #final
* code = KetamineObservationCodes#discharge-readiness
* subject = Reference(patient-iv)
* partOf = Reference(iv-session-2)
* effectiveDateTime = "2026-01-07T10:30:00Z"
* valueBoolean = true
* component[sedationResolved].valueBoolean = true
* component[dissociationResolved].valueBoolean = true
* component[vitalsAcceptable].valueBoolean = true
* component[escortPresent].valueBoolean = true
* component[minutesMonitored].valueQuantity = 90 'min' "min"

Instance: iv-encounter-3
InstanceOf: Encounter
Title: "Session encounter"
Usage: #example
* status = #finished
* class = $v3-ActCode#AMB "ambulatory"
* subject = Reference(patient-iv)
* period.start = "2026-01-09T08:45:00Z"
* period.end = "2026-01-09T10:45:00Z"

Instance: iv-medication-3
InstanceOf: KetamineMedication
Usage: #inline
* code = KetamineProductCodes#ketamine "Racemic ketamine"
* batch.lotNumber = "KT24110A"

Instance: iv-session-3
InstanceOf: KetamineSession
Title: "IV ketamine session 3 (induction)"
Description: "Racemic ketamine 0.5 mg/kg IV over 40 minutes (80 kg actual weight: 40 mg at 60 mg/h); the rate was reduced at 20 minutes for nausea and a blood pressure rise, and the infusion finished at 47 minutes."
Usage: #example
* contained[0] = iv-medication-3
* extension[basedOn].valueReference = Reference(iv-plan)
* extension[sessionNumber].valuePositiveInt = 3
* extension[phase].valueCode = #induction
* status = #completed
* medicationReference = Reference(iv-medication-3)
* subject = Reference(patient-iv)
* context = Reference(iv-encounter-3)
* effectivePeriod.start = "2026-01-09T09:00:00Z"
* effectivePeriod.end = "2026-01-09T09:47:00Z"
* dosage.route = $sct#47625008 "Intravenous route"
* dosage.dose = 40 'mg' "mg"
* dosage.rateQuantity = 60 'mg/h' "mg/h"
* dosage.extension[dosePerKg].valueQuantity = 0.5 'mg/kg' "mg/kg"
* dosage.extension[dosingWeight].extension[basis].valueCode = #actual
* dosage.extension[dosingWeight].extension[weight].valueQuantity = 80 'kg' "kg"
* dosage.extension[rateChange].extension[time].valueDateTime = "2026-01-09T09:20:00Z"
* dosage.extension[rateChange].extension[rate].valueQuantity = 45 'mg/h' "mg/h"
* dosage.extension[rateChange].extension[reason].valueString = "Nausea and systolic pressure 158 mmHg at 20 minutes"

Instance: iv-s3-discharge
InstanceOf: KetamineDischargeReadiness
Title: "Discharge readiness"
Usage: #example
* status = #final
* code = KetamineObservationCodes#discharge-readiness
* subject = Reference(patient-iv)
* partOf = Reference(iv-session-3)
* effectiveDateTime = "2026-01-09T10:30:00Z"
* valueBoolean = true
* component[sedationResolved].valueBoolean = true
* component[dissociationResolved].valueBoolean = true
* component[vitalsAcceptable].valueBoolean = true
* component[escortPresent].valueBoolean = true
* component[minutesMonitored].valueQuantity = 90 'min' "min"

Instance: iv-encounter-4
InstanceOf: Encounter
Title: "Session encounter"
Usage: #example
* status = #finished
* class = $v3-ActCode#AMB "ambulatory"
* subject = Reference(patient-iv)
* period.start = "2026-01-12T08:45:00Z"
* period.end = "2026-01-12T10:45:00Z"

Instance: iv-medication-4
InstanceOf: KetamineMedication
Usage: #inline
* code = KetamineProductCodes#ketamine "Racemic ketamine"
* batch.lotNumber = "KT24111A"

Instance: iv-session-4
InstanceOf: KetamineSession
Title: "IV ketamine session 4 (induction)"
Description: "Racemic ketamine 0.5 mg/kg IV over 40 minutes (80 kg actual weight: 40 mg at 60 mg/h)."
Usage: #example
* contained[0] = iv-medication-4
* extension[basedOn].valueReference = Reference(iv-plan)
* extension[sessionNumber].valuePositiveInt = 4
* extension[phase].valueCode = #induction
* status = #completed
* medicationReference = Reference(iv-medication-4)
* subject = Reference(patient-iv)
* context = Reference(iv-encounter-4)
* effectivePeriod.start = "2026-01-12T09:00:00Z"
* effectivePeriod.end = "2026-01-12T09:40:00Z"
* dosage.route = $sct#47625008 "Intravenous route"
* dosage.dose = 40 'mg' "mg"
* dosage.rateQuantity = 60 'mg/h' "mg/h"
* dosage.extension[dosePerKg].valueQuantity = 0.5 'mg/kg' "mg/kg"
* dosage.extension[dosingWeight].extension[basis].valueCode = #actual
* dosage.extension[dosingWeight].extension[weight].valueQuantity = 80 'kg' "kg"

Instance: iv-s4-discharge
InstanceOf: KetamineDischargeReadiness
Title: "Discharge readiness"
Usage: #example
* status = #final
* code = KetamineObservationCodes#discharge-readiness
* subject = Reference(patient-iv)
* partOf = Reference(iv-session-4)
* effectiveDateTime = "2026-01-12T10:30:00Z"
* valueBoolean = true
* component[sedationResolved].valueBoolean = true
* component[dissociationResolved].valueBoolean = true
* component[vitalsAcceptable].valueBoolean = true
* component[escortPresent].valueBoolean = true
* component[minutesMonitored].valueQuantity = 90 'min' "min"

Instance: iv-encounter-5
InstanceOf: Encounter
Title: "Session encounter"
Usage: #example
* status = #finished
* class = $v3-ActCode#AMB "ambulatory"
* subject = Reference(patient-iv)
* period.start = "2026-01-14T08:45:00Z"
* period.end = "2026-01-14T10:45:00Z"

Instance: iv-medication-5
InstanceOf: KetamineMedication
Usage: #inline
* code = KetamineProductCodes#ketamine "Racemic ketamine"
* batch.lotNumber = "KT24111A"

Instance: iv-session-5
InstanceOf: KetamineSession
Title: "IV ketamine session 5 (induction)"
Description: "Racemic ketamine 0.5 mg/kg IV over 40 minutes (80 kg actual weight: 40 mg at 60 mg/h)."
Usage: #example
* contained[0] = iv-medication-5
* extension[basedOn].valueReference = Reference(iv-plan)
* extension[sessionNumber].valuePositiveInt = 5
* extension[phase].valueCode = #induction
* status = #completed
* medicationReference = Reference(iv-medication-5)
* subject = Reference(patient-iv)
* context = Reference(iv-encounter-5)
* effectivePeriod.start = "2026-01-14T09:00:00Z"
* effectivePeriod.end = "2026-01-14T09:40:00Z"
* dosage.route = $sct#47625008 "Intravenous route"
* dosage.dose = 40 'mg' "mg"
* dosage.rateQuantity = 60 'mg/h' "mg/h"
* dosage.extension[dosePerKg].valueQuantity = 0.5 'mg/kg' "mg/kg"
* dosage.extension[dosingWeight].extension[basis].valueCode = #actual
* dosage.extension[dosingWeight].extension[weight].valueQuantity = 80 'kg' "kg"

Instance: iv-s5-discharge
InstanceOf: KetamineDischargeReadiness
Title: "Discharge readiness"
Usage: #example
* status = #final
* code = KetamineObservationCodes#discharge-readiness
* subject = Reference(patient-iv)
* partOf = Reference(iv-session-5)
* effectiveDateTime = "2026-01-14T10:30:00Z"
* valueBoolean = true
* component[sedationResolved].valueBoolean = true
* component[dissociationResolved].valueBoolean = true
* component[vitalsAcceptable].valueBoolean = true
* component[escortPresent].valueBoolean = true
* component[minutesMonitored].valueQuantity = 90 'min' "min"

Instance: iv-encounter-6
InstanceOf: Encounter
Title: "Session encounter"
Usage: #example
* status = #finished
* class = $v3-ActCode#AMB "ambulatory"
* subject = Reference(patient-iv)
* period.start = "2026-01-16T08:45:00Z"
* period.end = "2026-01-16T10:45:00Z"

Instance: iv-medication-6
InstanceOf: KetamineMedication
Usage: #inline
* code = KetamineProductCodes#ketamine "Racemic ketamine"
* batch.lotNumber = "KT24111A"

Instance: iv-session-6
InstanceOf: KetamineSession
Title: "IV ketamine session 6 (induction)"
Description: "Racemic ketamine 0.5 mg/kg IV over 40 minutes (80 kg actual weight: 40 mg at 60 mg/h)."
Usage: #example
* contained[0] = iv-medication-6
* extension[basedOn].valueReference = Reference(iv-plan)
* extension[sessionNumber].valuePositiveInt = 6
* extension[phase].valueCode = #induction
* status = #completed
* medicationReference = Reference(iv-medication-6)
* subject = Reference(patient-iv)
* context = Reference(iv-encounter-6)
* effectivePeriod.start = "2026-01-16T09:00:00Z"
* effectivePeriod.end = "2026-01-16T09:40:00Z"
* dosage.route = $sct#47625008 "Intravenous route"
* dosage.dose = 40 'mg' "mg"
* dosage.rateQuantity = 60 'mg/h' "mg/h"
* dosage.extension[dosePerKg].valueQuantity = 0.5 'mg/kg' "mg/kg"
* dosage.extension[dosingWeight].extension[basis].valueCode = #actual
* dosage.extension[dosingWeight].extension[weight].valueQuantity = 80 'kg' "kg"

Instance: iv-s6-discharge
InstanceOf: KetamineDischargeReadiness
Title: "Discharge readiness"
Usage: #example
* status = #final
* code = KetamineObservationCodes#discharge-readiness
* subject = Reference(patient-iv)
* partOf = Reference(iv-session-6)
* effectiveDateTime = "2026-01-16T10:30:00Z"
* valueBoolean = true
* component[sedationResolved].valueBoolean = true
* component[dissociationResolved].valueBoolean = true
* component[vitalsAcceptable].valueBoolean = true
* component[escortPresent].valueBoolean = true
* component[minutesMonitored].valueQuantity = 90 'min' "min"

Instance: iv-s1-dissociation
InstanceOf: KetamineSideEffect
Title: "Mild dissociation in session 1"
Usage: #example
* status = #final
* code = KetamineObservationCodes#side-effect
* subject = Reference(patient-iv)
* partOf = Reference(iv-session-1)
* effectiveDateTime = "2026-01-05T09:25:00Z"
* valueCodeableConcept = KetamineObservationCodes#dissociation "Dissociation"
* component[severity].valueCodeableConcept = SideEffectSeverityCodes#mild
* component[action][0].valueCodeableConcept = SideEffectActionCodes#observed
* component[action][1].valueCodeableConcept = SideEffectActionCodes#reassurance

Instance: iv-s3-nausea
InstanceOf: KetamineSideEffect
Title: "Nausea in session 3"
Usage: #example
* status = #final
* code = KetamineObservationCodes#side-effect
* subject = Reference(patient-iv)
* partOf = Reference(iv-session-3)
* effectiveDateTime = "2026-01-09T09:18:00Z"
* valueCodeableConcept = $sct#422587007 "Nausea"
* component[severity].valueCodeableConcept = SideEffectSeverityCodes#moderate
* component[action][0].valueCodeableConcept = SideEffectActionCodes#rate-reduced
* component[action][1].valueCodeableConcept = SideEffectActionCodes#medication-given

Instance: esk-encounter-1
InstanceOf: Encounter
Title: "Session encounter"
Usage: #example
* status = #finished
* class = $v3-ActCode#AMB "ambulatory"
* subject = Reference(patient-esk)
* period.start = "2026-02-05T09:45:00Z"
* period.end = "2026-02-05T12:15:00Z"

Instance: esk-medication-1
InstanceOf: KetamineMedication
Usage: #inline
* code = $rxnorm#2201625 "esketamine Nasal Spray [Spravato]"
* batch.lotNumber = "SPV5521"

Instance: esk-session-1
InstanceOf: KetamineSession
Title: "Esketamine session 1 (induction)"
Description: "Esketamine 56 mg intranasal (2 devices, 5 minutes apart), self-administered under observation, monitored for 125 minutes."
Usage: #example
* contained[0] = esk-medication-1
* extension[basedOn].valueReference = Reference(esk-plan)
* extension[sessionNumber].valuePositiveInt = 1
* extension[phase].valueCode = #induction
* status = #completed
* medicationReference = Reference(esk-medication-1)
* subject = Reference(patient-esk)
* context = Reference(esk-encounter-1)
* effectivePeriod.start = "2026-02-05T10:00:00Z"
* effectivePeriod.end = "2026-02-05T10:05:00Z"
* dosage.route = $sct#46713006 "Nasal route"
* dosage.dose = 56 'mg' "mg"

Instance: esk-s1-discharge
InstanceOf: KetamineDischargeReadiness
Title: "Discharge readiness"
Usage: #example
* status = #final
* code = KetamineObservationCodes#discharge-readiness
* subject = Reference(patient-esk)
* partOf = Reference(esk-session-1)
* effectiveDateTime = "2026-02-05T12:05:00Z"
* valueBoolean = true
* component[sedationResolved].valueBoolean = true
* component[dissociationResolved].valueBoolean = true
* component[vitalsAcceptable].valueBoolean = true
* component[escortPresent].valueBoolean = true
* component[minutesMonitored].valueQuantity = 125 'min' "min"

Instance: esk-encounter-2
InstanceOf: Encounter
Title: "Session encounter"
Usage: #example
* status = #finished
* class = $v3-ActCode#AMB "ambulatory"
* subject = Reference(patient-esk)
* period.start = "2026-02-09T09:45:00Z"
* period.end = "2026-02-09T12:15:00Z"

Instance: esk-medication-2
InstanceOf: KetamineMedication
Usage: #inline
* code = $rxnorm#2201625 "esketamine Nasal Spray [Spravato]"
* batch.lotNumber = "SPV5521"

Instance: esk-session-2
InstanceOf: KetamineSession
Title: "Esketamine session 2 (induction)"
Description: "Esketamine 84 mg intranasal (3 devices, 5 minutes apart), self-administered under observation, monitored for 125 minutes."
Usage: #example
* contained[0] = esk-medication-2
* extension[basedOn].valueReference = Reference(esk-plan)
* extension[sessionNumber].valuePositiveInt = 2
* extension[phase].valueCode = #induction
* status = #completed
* medicationReference = Reference(esk-medication-2)
* subject = Reference(patient-esk)
* context = Reference(esk-encounter-2)
* effectivePeriod.start = "2026-02-09T10:00:00Z"
* effectivePeriod.end = "2026-02-09T10:10:00Z"
* dosage.route = $sct#46713006 "Nasal route"
* dosage.dose = 84 'mg' "mg"

Instance: esk-s2-discharge
InstanceOf: KetamineDischargeReadiness
Title: "Discharge readiness"
Usage: #example
* status = #final
* code = KetamineObservationCodes#discharge-readiness
* subject = Reference(patient-esk)
* partOf = Reference(esk-session-2)
* effectiveDateTime = "2026-02-09T12:05:00Z"
* valueBoolean = true
* component[sedationResolved].valueBoolean = true
* component[dissociationResolved].valueBoolean = true
* component[vitalsAcceptable].valueBoolean = true
* component[escortPresent].valueBoolean = true
* component[minutesMonitored].valueQuantity = 125 'min' "min"

Instance: esk-s1-sedation
InstanceOf: KetamineSideEffect
Title: "Mild sedation in esketamine session 1"
Usage: #example
* status = #final
* code = KetamineObservationCodes#side-effect
* subject = Reference(patient-esk)
* partOf = Reference(esk-session-1)
* effectiveDateTime = "2026-02-05T10:30:00Z"
* valueCodeableConcept = KetamineObservationCodes#sedation "Sedation"
* component[severity].valueCodeableConcept = SideEffectSeverityCodes#mild
* component[action][0].valueCodeableConcept = SideEffectActionCodes#observed
