Profile: KetamineSession
Parent: MedicationAdministration
Id: ketamine-session
Title: "Ketamine Session"
Description: "One ketamine or esketamine dosing session: product and lot, route, dose in mg and in mg/kg with the weight it was calculated on, rate and its changes, the period of administration, the plan it belongs to (R5 basedOn), its number and phase within the plan, and the session Encounter."
* ^status = #active
* ^experimental = false
* extension contains
    R5MedicationAdministrationBasedOn named basedOn 1..1 MS and
    SessionNumber named sessionNumber 1..1 MS and
    TreatmentPhase named phase 1..1 MS and
    RuleOverride named override 0..* MS
* extension[basedOn].valueReference only Reference(KetamineTreatmentPlan)
* status MS
* statusReason MS
* medication[x] only Reference(KetamineMedication)
* medication[x] MS
* subject only Reference(KetaminePatient)
* subject MS
* context 1..1 MS
* context only Reference(Encounter)
* context ^short = "The session Encounter"
* effective[x] only Period
* effectivePeriod 1..1 MS
* effectivePeriod.start 1..1 MS
* effectivePeriod.end MS
* performer MS
* dosage 1..1 MS
* dosage.route 1..1 MS
* dosage.route from KetamineRouteVS (required)
* dosage.dose 1..1 MS
* dosage.dose.value 1..1 MS
* dosage.dose.system 1..1 MS
* dosage.dose.system = $ucum (exactly)
* dosage.dose.code 1..1 MS
* dosage.dose.code = #mg (exactly)
* dosage.rate[x] MS
* dosage.rate[x] only SimpleQuantity
* dosage.rateQuantity.value 1..1
* dosage.rateQuantity.system 1..1
* dosage.rateQuantity.system = $ucum (exactly)
* dosage.rateQuantity.code 1..1
* dosage.extension contains
    DosePerKg named dosePerKg 0..1 MS and
    DosingWeight named dosingWeight 0..1 MS and
    RateChange named rateChange 0..* MS
* obeys ket-ses-1 and ket-ses-2 and ket-ses-3 and ket-ses-4

Invariant: ket-ses-1
Description: "A completed session has the end of its administration period."
Expression: "status = 'completed' implies effective.ofType(Period).end.exists()"
Severity: #error

Invariant: ket-ses-2
Description: "Esketamine is given by the nasal route only."
Expression: "medication.resolve().code.coding.where(code = 'esketamine' or code = '2201623' or code = '2201625').exists() implies dosage.route.coding.where(system = 'http://snomed.info/sct' and code = '46713006').exists()"
Severity: #error

Invariant: ket-ses-3
Description: "The dose in mg agrees with the dose per kg times the dosing weight (within 5 %)."
Expression: "dosage.extension('https://ketaminefhir.org/ig/StructureDefinition/dose-per-kg').exists() implies ((dosage.dose.value - (dosage.extension('https://ketaminefhir.org/ig/StructureDefinition/dose-per-kg').value.value * dosage.extension('https://ketaminefhir.org/ig/StructureDefinition/dosing-weight').extension('weight').value.value)).abs() <= 0.05 * dosage.dose.value)"
Severity: #error

Invariant: ket-ses-4
Description: "A racemic ketamine session records the dose per kg and the dosing weight it was calculated on (esketamine is dosed per device, not per kg)."
Expression: "medication.resolve().code.coding.where(code = 'esketamine' or code = '2201623' or code = '2201625').exists() or (dosage.extension('https://ketaminefhir.org/ig/StructureDefinition/dose-per-kg').exists() and dosage.extension('https://ketaminefhir.org/ig/StructureDefinition/dosing-weight').exists())"
Severity: #error
