RuleSet: FlagComponent(slice, code, short)
* component[{slice}].code = KetamineObservationCodes#{code}
* component[{slice}].code 1..1
* component[{slice}].value[x] only boolean
* component[{slice}].valueBoolean 1..1
* component[{slice}] ^short = "{short}"

Profile: KetamineScreening
Parent: Observation
Id: ketamine-screening
Title: "Ketamine Therapy Screening"
Description: "The pre-treatment evaluation for ketamine or esketamine therapy: indication, prior antidepressant trials, one yes/no component per contraindication and per interacting medication class, pregnancy status, links to the baseline vital signs, weight, BMI and rating scales, and, as its value, the eligibility outcome."
* ^status = #active
* ^experimental = false
* extension contains EligibilityReason named reason 0..* MS
* extension[reason] ^short = "Why the outcome is what it is, by rule id"
* status MS
* category 1..* MS
* category = $obs-category#survey
* code = KetamineObservationCodes#ketamine-screening
* subject 1..1 MS
* subject only Reference(KetaminePatient)
* effective[x] 1..1 MS
* effective[x] only dateTime
* performer MS
* value[x] MS
* value[x] only CodeableConcept
* valueCodeableConcept from EligibilityOutcomeVS (required)
* valueCodeableConcept ^short = "Eligibility outcome, computed by the server from this screening on every write (a differing value is refused)"
* note MS
* hasMember MS
* hasMember only Reference(Observation)
* hasMember ^short = "Baseline blood pressure, heart rate, weight, BMI and rating scales"
* component MS
* component ^slicing.discriminator.type = #value
* component ^slicing.discriminator.path = "code"
* component ^slicing.rules = #open
* component ^slicing.description = "One component per screening item"
* component contains
    indication 1..1 MS and
    adequateTrials 0..1 MS and
    pregnancyStatus 0..1 MS and
    aneurysmalVascularDisease 0..1 MS and
    arteriovenousMalformation 0..1 MS and
    intracerebralHemorrhage 0..1 MS and
    hypersensitivity 0..1 MS and
    uncontrolledHypertension 0..1 MS and
    unstableCardiovascularDisease 0..1 MS and
    psychosis 0..1 MS and
    substanceUseDisorder 0..1 MS and
    raisedIntracranialOrIntraocularPressure 0..1 MS and
    severeHepaticImpairment 0..1 MS and
    benzodiazepines 0..1 MS and
    nonBenzodiazepineHypnotics 0..1 MS and
    opioids 0..1 MS and
    psychostimulants 0..1 MS and
    maois 0..1 MS
* component[indication].code = KetamineObservationCodes#indication
* component[indication].value[x] only CodeableConcept
* component[indication].valueCodeableConcept 1..1
* component[indication].valueCodeableConcept from IndicationVS (extensible)
* component[adequateTrials].code = KetamineObservationCodes#adequate-antidepressant-trials
* component[adequateTrials].value[x] only integer
* component[adequateTrials].valueInteger 1..1
* component[adequateTrials] obeys ket-scr-1
* component[pregnancyStatus].code = KetamineObservationCodes#pregnancy-status
* component[pregnancyStatus].value[x] only CodeableConcept
* component[pregnancyStatus].valueCodeableConcept 1..1
* component[pregnancyStatus].valueCodeableConcept from PregnancyStatusVS (required)
* insert FlagComponent(aneurysmalVascularDisease, aneurysmal-vascular-disease, Aneurysmal vascular disease)
* insert FlagComponent(arteriovenousMalformation, arteriovenous-malformation, Arteriovenous malformation)
* insert FlagComponent(intracerebralHemorrhage, intracerebral-hemorrhage, History of intracerebral hemorrhage)
* insert FlagComponent(hypersensitivity, ketamine-hypersensitivity, Hypersensitivity to ketamine or esketamine)
* insert FlagComponent(uncontrolledHypertension, uncontrolled-hypertension, Uncontrolled hypertension)
* insert FlagComponent(unstableCardiovascularDisease, unstable-cardiovascular-disease, Unstable cardiovascular disease)
* insert FlagComponent(psychosis, psychosis, Current or past psychosis)
* insert FlagComponent(substanceUseDisorder, active-substance-use-disorder, Active substance use disorder)
* insert FlagComponent(raisedIntracranialOrIntraocularPressure, raised-intracranial-or-intraocular-pressure, Raised intracranial or intraocular pressure)
* insert FlagComponent(severeHepaticImpairment, severe-hepatic-impairment, Severe hepatic impairment)
* insert FlagComponent(benzodiazepines, benzodiazepines, Taking benzodiazepines)
* insert FlagComponent(nonBenzodiazepineHypnotics, non-benzodiazepine-hypnotics, Taking non-benzodiazepine sedative hypnotics)
* insert FlagComponent(opioids, opioids, Taking opioids)
* insert FlagComponent(psychostimulants, psychostimulants, Taking psychostimulants)
* insert FlagComponent(maois, maois, Taking MAOIs)

Invariant: ket-scr-1
Description: "The number of adequate antidepressant trials is not negative."
Expression: "value.ofType(integer) >= 0"
Severity: #error
