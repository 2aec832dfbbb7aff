Instance: iv-plan
InstanceOf: KetamineTreatmentPlan
Title: "IV ketamine treatment plan"
Description: "Six IV infusions of 0.5 mg/kg over 40 minutes, three a week for two weeks, then maintenance every three weeks, with weekly PHQ-9 and GAD-7 and KAP psychotherapy after each infusion."
Usage: #example
* status = #active
* intent = #plan
* category = PlanActivityCodes#ketamine-session
* subject = Reference(patient-iv)
* period.start = "2026-01-05"
* supportingInfo = Reference(iv-screening)
* goal[0] = Reference(iv-goal-response)
* goal[1] = Reference(iv-goal-remission)
* activity[0].extension[phase].valueCode = #induction
* activity[0].detail.kind = #MedicationRequest
* activity[0].detail.code = PlanActivityCodes#ketamine-session "Ketamine dosing session"
* activity[0].detail.status = #completed
* activity[0].detail.scheduledPeriod.start = "2026-01-05T09:00:00Z"
* activity[0].detail.scheduledPeriod.end = "2026-01-05T09:40:00Z"
* activity[0].detail.productCodeableConcept = KetamineProductCodes#ketamine "Racemic ketamine"
* activity[0].detail.extension[route].valueCodeableConcept = $sct#47625008 "Intravenous route"
* activity[0].detail.extension[dosePerKg].valueQuantity = 0.5 'mg/kg' "mg/kg"
* activity[1].extension[phase].valueCode = #induction
* activity[1].detail.kind = #MedicationRequest
* activity[1].detail.code = PlanActivityCodes#ketamine-session "Ketamine dosing session"
* activity[1].detail.status = #completed
* activity[1].detail.scheduledPeriod.start = "2026-01-07T09:00:00Z"
* activity[1].detail.scheduledPeriod.end = "2026-01-07T09:40:00Z"
* activity[1].detail.productCodeableConcept = KetamineProductCodes#ketamine "Racemic ketamine"
* activity[1].detail.extension[route].valueCodeableConcept = $sct#47625008 "Intravenous route"
* activity[1].detail.extension[dosePerKg].valueQuantity = 0.5 'mg/kg' "mg/kg"
* activity[2].extension[phase].valueCode = #induction
* activity[2].detail.kind = #MedicationRequest
* activity[2].detail.code = PlanActivityCodes#ketamine-session "Ketamine dosing session"
* activity[2].detail.status = #completed
* activity[2].detail.scheduledPeriod.start = "2026-01-09T09:00:00Z"
* activity[2].detail.scheduledPeriod.end = "2026-01-09T09:40:00Z"
* activity[2].detail.productCodeableConcept = KetamineProductCodes#ketamine "Racemic ketamine"
* activity[2].detail.extension[route].valueCodeableConcept = $sct#47625008 "Intravenous route"
* activity[2].detail.extension[dosePerKg].valueQuantity = 0.5 'mg/kg' "mg/kg"
* activity[3].extension[phase].valueCode = #induction
* activity[3].detail.kind = #MedicationRequest
* activity[3].detail.code = PlanActivityCodes#ketamine-session "Ketamine dosing session"
* activity[3].detail.status = #completed
* activity[3].detail.scheduledPeriod.start = "2026-01-12T09:00:00Z"
* activity[3].detail.scheduledPeriod.end = "2026-01-12T09:40:00Z"
* activity[3].detail.productCodeableConcept = KetamineProductCodes#ketamine "Racemic ketamine"
* activity[3].detail.extension[route].valueCodeableConcept = $sct#47625008 "Intravenous route"
* activity[3].detail.extension[dosePerKg].valueQuantity = 0.5 'mg/kg' "mg/kg"
* activity[4].extension[phase].valueCode = #induction
* activity[4].detail.kind = #MedicationRequest
* activity[4].detail.code = PlanActivityCodes#ketamine-session "Ketamine dosing session"
* activity[4].detail.status = #completed
* activity[4].detail.scheduledPeriod.start = "2026-01-14T09:00:00Z"
* activity[4].detail.scheduledPeriod.end = "2026-01-14T09:40:00Z"
* activity[4].detail.productCodeableConcept = KetamineProductCodes#ketamine "Racemic ketamine"
* activity[4].detail.extension[route].valueCodeableConcept = $sct#47625008 "Intravenous route"
* activity[4].detail.extension[dosePerKg].valueQuantity = 0.5 'mg/kg' "mg/kg"
* activity[5].extension[phase].valueCode = #induction
* activity[5].detail.kind = #MedicationRequest
* activity[5].detail.code = PlanActivityCodes#ketamine-session "Ketamine dosing session"
* activity[5].detail.status = #completed
* activity[5].detail.scheduledPeriod.start = "2026-01-16T09:00:00Z"
* activity[5].detail.scheduledPeriod.end = "2026-01-16T09:40:00Z"
* activity[5].detail.productCodeableConcept = KetamineProductCodes#ketamine "Racemic ketamine"
* activity[5].detail.extension[route].valueCodeableConcept = $sct#47625008 "Intravenous route"
* activity[5].detail.extension[dosePerKg].valueQuantity = 0.5 'mg/kg' "mg/kg"
* activity[6].extension[phase].valueCode = #maintenance
* activity[6].detail.kind = #MedicationRequest
* activity[6].detail.code = PlanActivityCodes#ketamine-session "Ketamine dosing session"
* activity[6].detail.status = #scheduled
* activity[6].detail.scheduledTiming.repeat.boundsPeriod.start = "2026-02-06"
* activity[6].detail.scheduledTiming.repeat.frequency = 1
* activity[6].detail.scheduledTiming.repeat.period = 3
* activity[6].detail.scheduledTiming.repeat.periodUnit = #wk
* activity[6].detail.productCodeableConcept = KetamineProductCodes#ketamine "Racemic ketamine"
* activity[6].detail.extension[route].valueCodeableConcept = $sct#47625008 "Intravenous route"
* activity[6].detail.extension[dosePerKg].valueQuantity = 0.5 'mg/kg' "mg/kg"
* activity[7].detail.kind = #Appointment
* activity[7].detail.code = PlanActivityCodes#kap-psychotherapy "Ketamine-assisted psychotherapy"
* activity[7].detail.status = #in-progress
* activity[7].detail.scheduledTiming.repeat.boundsPeriod.start = "2026-01-05"
* activity[7].detail.scheduledTiming.repeat.boundsPeriod.end = "2026-01-16"
* activity[7].detail.scheduledTiming.repeat.frequency = 3
* activity[7].detail.scheduledTiming.repeat.period = 1
* activity[7].detail.scheduledTiming.repeat.periodUnit = #wk
* activity[8].detail.kind = #ServiceRequest
* activity[8].detail.code = PlanActivityCodes#measurement "Rating scale measurement"
* activity[8].detail.status = #in-progress
* activity[8].detail.description = "PHQ-9 and GAD-7 weekly"
* activity[8].detail.scheduledTiming.repeat.boundsPeriod.start = "2026-01-02"
* activity[8].detail.scheduledTiming.repeat.frequency = 1
* activity[8].detail.scheduledTiming.repeat.period = 1
* activity[8].detail.scheduledTiming.repeat.periodUnit = #wk

Instance: iv-goal-response
InstanceOf: Goal
Title: "Response: PHQ-9 down by half"
Usage: #example
* lifecycleStatus = #active
* description.text = "Response: PHQ-9 at most 50 % of baseline (baseline 21)"
* subject = Reference(patient-iv)
* target.measure = $loinc#44261-6 "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"
* target.detailQuantity.comparator = #<=
* target.detailQuantity.value = 10
* target.dueDate = "2026-02-02"

Instance: iv-goal-remission
InstanceOf: Goal
Title: "Remission: PHQ-9 below 5"
Usage: #example
* lifecycleStatus = #active
* description.text = "Remission: PHQ-9 below 5"
* subject = Reference(patient-iv)
* target.measure = $loinc#44261-6 "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"
* target.detailQuantity.comparator = #<
* target.detailQuantity.value = 5
* target.dueDate = "2026-04-01"

Instance: esk-plan
InstanceOf: KetamineTreatmentPlan
Title: "Esketamine treatment plan (label induction)"
Description: "Intranasal esketamine per the label: weeks 1-4 twice weekly (56 mg on day 1, then 56 or 84 mg), weeks 5-8 once weekly, then every one or two weeks."
Usage: #example
* status = #active
* intent = #plan
* category = PlanActivityCodes#ketamine-session
* subject = Reference(patient-esk)
* period.start = "2026-02-05"
* supportingInfo = Reference(esk-screening)
* activity[0].extension[phase].valueCode = #induction
* activity[0].detail.kind = #MedicationRequest
* activity[0].detail.code = PlanActivityCodes#ketamine-session "Ketamine dosing session"
* activity[0].detail.status = #completed
* activity[0].detail.scheduledPeriod.start = "2026-02-05T10:00:00Z"
* activity[0].detail.scheduledPeriod.end = "2026-02-05T12:00:00Z"
* activity[0].detail.productCodeableConcept = $rxnorm#2201625 "esketamine Nasal Spray [Spravato]"
* activity[0].detail.extension[route].valueCodeableConcept = $sct#46713006 "Nasal route"
* activity[0].detail.extension[dosePerKg].valueQuantity = 0.88 'mg/kg' "mg/kg"
* activity[0].detail.description = "56 mg (two devices)"
* activity[1].extension[phase].valueCode = #induction
* activity[1].detail.kind = #MedicationRequest
* activity[1].detail.code = PlanActivityCodes#ketamine-session "Ketamine dosing session"
* activity[1].detail.status = #completed
* activity[1].detail.scheduledPeriod.start = "2026-02-09T10:00:00Z"
* activity[1].detail.scheduledPeriod.end = "2026-02-09T12:00:00Z"
* activity[1].detail.productCodeableConcept = $rxnorm#2201625 "esketamine Nasal Spray [Spravato]"
* activity[1].detail.extension[route].valueCodeableConcept = $sct#46713006 "Nasal route"
* activity[1].detail.extension[dosePerKg].valueQuantity = 1.31 'mg/kg' "mg/kg"
* activity[1].detail.description = "84 mg (three devices)"
* activity[2].extension[phase].valueCode = #induction
* activity[2].detail.kind = #MedicationRequest
* activity[2].detail.code = PlanActivityCodes#ketamine-session "Ketamine dosing session"
* activity[2].detail.status = #scheduled
* activity[2].detail.scheduledPeriod.start = "2026-02-12T10:00:00Z"
* activity[2].detail.scheduledPeriod.end = "2026-02-12T12:00:00Z"
* activity[2].detail.productCodeableConcept = $rxnorm#2201625 "esketamine Nasal Spray [Spravato]"
* activity[2].detail.extension[route].valueCodeableConcept = $sct#46713006 "Nasal route"
* activity[2].detail.extension[dosePerKg].valueQuantity = 1.31 'mg/kg' "mg/kg"
* activity[2].detail.description = "84 mg (three devices)"
* activity[3].extension[phase].valueCode = #induction
* activity[3].detail.kind = #MedicationRequest
* activity[3].detail.code = PlanActivityCodes#ketamine-session "Ketamine dosing session"
* activity[3].detail.status = #scheduled
* activity[3].detail.scheduledPeriod.start = "2026-02-16T10:00:00Z"
* activity[3].detail.scheduledPeriod.end = "2026-02-16T12:00:00Z"
* activity[3].detail.productCodeableConcept = $rxnorm#2201625 "esketamine Nasal Spray [Spravato]"
* activity[3].detail.extension[route].valueCodeableConcept = $sct#46713006 "Nasal route"
* activity[3].detail.extension[dosePerKg].valueQuantity = 1.31 'mg/kg' "mg/kg"
* activity[3].detail.description = "84 mg (three devices)"
* activity[4].extension[phase].valueCode = #induction
* activity[4].detail.kind = #MedicationRequest
* activity[4].detail.code = PlanActivityCodes#ketamine-session "Ketamine dosing session"
* activity[4].detail.status = #scheduled
* activity[4].detail.scheduledPeriod.start = "2026-02-19T10:00:00Z"
* activity[4].detail.scheduledPeriod.end = "2026-02-19T12:00:00Z"
* activity[4].detail.productCodeableConcept = $rxnorm#2201625 "esketamine Nasal Spray [Spravato]"
* activity[4].detail.extension[route].valueCodeableConcept = $sct#46713006 "Nasal route"
* activity[4].detail.extension[dosePerKg].valueQuantity = 1.31 'mg/kg' "mg/kg"
* activity[4].detail.description = "84 mg (three devices)"
* activity[5].extension[phase].valueCode = #induction
* activity[5].detail.kind = #MedicationRequest
* activity[5].detail.code = PlanActivityCodes#ketamine-session "Ketamine dosing session"
* activity[5].detail.status = #scheduled
* activity[5].detail.scheduledPeriod.start = "2026-02-23T10:00:00Z"
* activity[5].detail.scheduledPeriod.end = "2026-02-23T12:00:00Z"
* activity[5].detail.productCodeableConcept = $rxnorm#2201625 "esketamine Nasal Spray [Spravato]"
* activity[5].detail.extension[route].valueCodeableConcept = $sct#46713006 "Nasal route"
* activity[5].detail.extension[dosePerKg].valueQuantity = 1.31 'mg/kg' "mg/kg"
* activity[5].detail.description = "84 mg (three devices)"
* activity[6].extension[phase].valueCode = #induction
* activity[6].detail.kind = #MedicationRequest
* activity[6].detail.code = PlanActivityCodes#ketamine-session "Ketamine dosing session"
* activity[6].detail.status = #scheduled
* activity[6].detail.scheduledPeriod.start = "2026-02-26T10:00:00Z"
* activity[6].detail.scheduledPeriod.end = "2026-02-26T12:00:00Z"
* activity[6].detail.productCodeableConcept = $rxnorm#2201625 "esketamine Nasal Spray [Spravato]"
* activity[6].detail.extension[route].valueCodeableConcept = $sct#46713006 "Nasal route"
* activity[6].detail.extension[dosePerKg].valueQuantity = 1.31 'mg/kg' "mg/kg"
* activity[6].detail.description = "84 mg (three devices)"
* activity[7].extension[phase].valueCode = #induction
* activity[7].detail.kind = #MedicationRequest
* activity[7].detail.code = PlanActivityCodes#ketamine-session "Ketamine dosing session"
* activity[7].detail.status = #scheduled
* activity[7].detail.scheduledPeriod.start = "2026-03-02T10:00:00Z"
* activity[7].detail.scheduledPeriod.end = "2026-03-02T12:00:00Z"
* activity[7].detail.productCodeableConcept = $rxnorm#2201625 "esketamine Nasal Spray [Spravato]"
* activity[7].detail.extension[route].valueCodeableConcept = $sct#46713006 "Nasal route"
* activity[7].detail.extension[dosePerKg].valueQuantity = 1.31 'mg/kg' "mg/kg"
* activity[7].detail.description = "84 mg (three devices)"
* activity[8].extension[phase].valueCode = #maintenance
* activity[8].detail.kind = #MedicationRequest
* activity[8].detail.code = PlanActivityCodes#ketamine-session "Ketamine dosing session"
* activity[8].detail.status = #scheduled
* activity[8].detail.scheduledTiming.repeat.boundsPeriod.start = "2026-03-05"
* activity[8].detail.scheduledTiming.repeat.boundsPeriod.end = "2026-03-26"
* activity[8].detail.scheduledTiming.repeat.frequency = 1
* activity[8].detail.scheduledTiming.repeat.period = 1
* activity[8].detail.scheduledTiming.repeat.periodUnit = #wk
* activity[8].detail.productCodeableConcept = $rxnorm#2201625 "esketamine Nasal Spray [Spravato]"
* activity[8].detail.extension[route].valueCodeableConcept = $sct#46713006 "Nasal route"
* activity[8].detail.extension[dosePerKg].valueQuantity = 1.31 'mg/kg' "mg/kg"
* activity[8].detail.description = "56 or 84 mg once weekly (weeks 5-8)"
