RuleSet: DischargeItem(slice, code)
* component[{slice}].code = KetamineObservationCodes#{code}
* component[{slice}].value[x] only boolean
* component[{slice}].valueBoolean 1..1

Profile: KetamineDischargeReadiness
Parent: Observation
Id: ketamine-discharge-readiness
Title: "Session Discharge Readiness"
Description: "The assessment before a patient leaves after a ketamine session: sedation and dissociation resolved, vital signs acceptable, escort present, minutes monitored; its value says whether the patient may be discharged."
* ^status = #active
* ^experimental = false
* status MS
* code = KetamineObservationCodes#discharge-readiness
* subject 1..1 MS
* subject only Reference(KetaminePatient)
* effective[x] 1..1 MS
* effective[x] only dateTime
* performer MS
* partOf 1..1 MS
* partOf only Reference(KetamineSession)
* value[x] 1..1 MS
* value[x] only boolean
* value[x] ^short = "Ready for discharge"
* component ^slicing.discriminator.type = #value
* component ^slicing.discriminator.path = "code"
* component ^slicing.rules = #open
* component contains
    sedationResolved 1..1 MS and
    dissociationResolved 1..1 MS and
    vitalsAcceptable 1..1 MS and
    escortPresent 1..1 MS and
    minutesMonitored 1..1 MS
* insert DischargeItem(sedationResolved, sedation-resolved)
* insert DischargeItem(dissociationResolved, dissociation-resolved)
* insert DischargeItem(vitalsAcceptable, vitals-acceptable)
* insert DischargeItem(escortPresent, escort-present)
* component[minutesMonitored].code = KetamineObservationCodes#minutes-monitored
* component[minutesMonitored].value[x] only Quantity
* component[minutesMonitored].valueQuantity 1..1
* component[minutesMonitored].valueQuantity.value 1..1
* component[minutesMonitored].valueQuantity.system = $ucum (exactly)
* component[minutesMonitored].valueQuantity.code = #min (exactly)
* obeys ket-dis-1

Invariant: ket-dis-1
Description: "A patient is ready for discharge only when sedation and dissociation have resolved, vital signs are acceptable and an escort is present."
Expression: "value.ofType(boolean) = true implies component.where(code.coding.code = 'sedation-resolved' or code.coding.code = 'dissociation-resolved' or code.coding.code = 'vitals-acceptable' or code.coding.code = 'escort-present').all(value.ofType(boolean) = true)"
Severity: #error
