Extension: TreatmentPhase
Id: treatment-phase
Title: "Treatment Phase"
Description: "The phase of a ketamine treatment plan (induction or maintenance) a session or planned activity belongs to."
Context: MedicationAdministration, CarePlan.activity
* ^status = #active
* ^experimental = false
* value[x] only code
* valueCode 1..1
* valueCode from TreatmentPhaseVS (required)

Extension: SessionNumber
Id: session-number
Title: "Session Number"
Description: "The ordinal of this session within the treatment plan (1 for the first session)."
Context: MedicationAdministration
* ^status = #active
* ^experimental = false
* value[x] only positiveInt
* valuePositiveInt 1..1

Extension: DosePerKg
Id: dose-per-kg
Title: "Dose per Kilogram"
Description: "The dose in mg per kg of dosing weight, as prescribed or given."
Context: MedicationAdministration.dosage, CarePlan.activity.detail
* ^status = #active
* ^experimental = false
* value[x] only Quantity
* valueQuantity 1..1
* valueQuantity.value 1..1
* valueQuantity.system 1..1
* valueQuantity.system = $ucum (exactly)
* valueQuantity.code 1..1
* valueQuantity.code = #mg/kg (exactly)

Extension: DosingWeight
Id: dosing-weight
Title: "Dosing Weight"
Description: "The body weight a per-kilogram dose was calculated on, and which weight it was (actual, ideal, adjusted)."
Context: MedicationAdministration.dosage
* ^status = #active
* ^experimental = false
* extension contains
    basis 1..1 and
    weight 1..1
* extension[basis].value[x] only code
* extension[basis].valueCode 1..1
* extension[basis].valueCode from DosingWeightBasisVS (required)
* extension[weight].value[x] only Quantity
* extension[weight].valueQuantity 1..1
* extension[weight].valueQuantity.value 1..1
* extension[weight].valueQuantity.system 1..1
* extension[weight].valueQuantity.system = $ucum (exactly)
* extension[weight].valueQuantity.code 1..1
* extension[weight].valueQuantity.code = #kg (exactly)

Extension: RateChange
Id: rate-change
Title: "Rate Change"
Description: "A change of infusion rate during a session: when, the new rate, and why."
Context: MedicationAdministration.dosage
* ^status = #active
* ^experimental = false
* extension contains
    time 1..1 and
    rate 1..1 and
    reason 0..1
* extension[time].value[x] only dateTime
* extension[time].valueDateTime 1..1
* extension[rate].value[x] only Quantity
* extension[rate].valueQuantity 1..1
* extension[rate].valueQuantity.value 1..1
* extension[rate].valueQuantity.system 1..1
* extension[rate].valueQuantity.system = $ucum (exactly)
* extension[rate].valueQuantity.code 1..1
* extension[reason].value[x] only string or CodeableConcept

Extension: SessionTimePoint
Id: session-time-point
Title: "Session Time Point"
Description: "When, relative to the dose, an observation of a session was made: before the dose, a number of minutes after the start, or before discharge."
Context: Observation
* ^status = #active
* ^experimental = false
* extension contains
    point 1..1 and
    minutesAfterStart 0..1
* extension[point].value[x] only code
* extension[point].valueCode 1..1
* extension[point].valueCode from SessionTimePointVS (required)
* extension[minutesAfterStart].value[x] only integer
* extension[minutesAfterStart].valueInteger 1..1
* obeys ket-tp-1

Invariant: ket-tp-1
Description: "An intra-session time point states the minutes after the start of administration."
Expression: "extension.where(url = 'point').value = 'intra-session' implies extension.where(url = 'minutesAfterStart').exists()"
Severity: #error

Extension: PlannedRoute
Id: planned-route
Title: "Planned Route"
Description: "The route planned for a ketamine session activity."
Context: CarePlan.activity.detail
* ^status = #active
* ^experimental = false
* value[x] only CodeableConcept
* valueCodeableConcept 1..1
* valueCodeableConcept from KetamineRouteVS (required)

// hl7.fhir.uv.xver-r5.r4 (which defines this cross-version extension) cannot be fetched here: no FHIR package
// registry is reachable and it is not on the npm registry. This IG therefore carries the one definition it needs, under
// its official canonical URL and with the same meaning (R5 MedicationAdministration.basedOn: the plan this
// administration fulfils), so that every validator resolves it offline. Drop it once the xver package can be loaded.
Extension: R5MedicationAdministrationBasedOn
Id: extension-MedicationAdministration.basedOn
Title: "R5: Plan this is fulfilled by this administration"
Description: "Cross-version extension for R5 MedicationAdministration.basedOn (a CarePlan this administration is part of), for use in FHIR R4."
Context: MedicationAdministration
* ^url = $r5-basedOn
* ^status = #active
* ^experimental = false
* value[x] only Reference(CarePlan)
* valueReference 1..1
