RuleSet: SessionObservation
* ^status = #active
* ^experimental = false
* extension contains SessionTimePoint named timePoint 1..1 MS
* partOf 1..1 MS
* partOf only Reference(KetamineSession)
* partOf ^short = "The session this was measured in"
* subject only Reference(KetaminePatient)
* encounter MS
* effective[x] only dateTime

Profile: SessionBloodPressure
Parent: $bp
Id: session-blood-pressure
Title: "Session Blood Pressure"
Description: "A blood pressure measured during a ketamine session, part of that session, with its time point relative to the dose."
* insert SessionObservation

Profile: SessionHeartRate
Parent: $heartrate
Id: session-heart-rate
Title: "Session Heart Rate"
Description: "A heart rate measured during a ketamine session, part of that session, with its time point relative to the dose."
* insert SessionObservation

Profile: SessionOxygenSaturation
Parent: $oxygensat
Id: session-oxygen-saturation
Title: "Session Oxygen Saturation"
Description: "Pulse oximetry (LOINC 59408-5 with 2708-6) during a ketamine session, part of that session, with its time point relative to the dose."
* insert SessionObservation
* code.coding contains PulseOx 1..1 MS
* code.coding[PulseOx].system 1..1
* code.coding[PulseOx].system = $loinc (exactly)
* code.coding[PulseOx].code 1..1
* code.coding[PulseOx].code = #59408-5 (exactly)

Profile: SessionRespiratoryRate
Parent: $resprate
Id: session-respiratory-rate
Title: "Session Respiratory Rate"
Description: "A respiratory rate measured during a ketamine session, part of that session, with its time point relative to the dose."
* insert SessionObservation
