Profile: KetamineScore
Parent: Observation
Id: ketamine-score
Title: "Rating Scale Score"
Description: "The total score of a rating scale (PHQ-9, GAD-7, BDI-II, MADRS, HAM-D17, QIDS-SR16, PCL-5, CADSS, MOAA/S), following US Core's screening-assessment pattern (category survey; LOINC where a code is confirmed), as an integer within the instrument's range."
* ^status = #active
* ^experimental = false
* status MS
* category 1..* MS
* category = $obs-category#survey
* code MS
* code from RatingScaleVS (required)
* subject 1..1 MS
* subject only Reference(KetaminePatient)
* effective[x] 1..1 MS
* effective[x] only dateTime
* value[x] 1..1 MS
* value[x] only integer
* partOf MS
* partOf only Reference(KetamineSession)
* partOf ^short = "The session, for scores taken during one (e.g. CADSS, MOAA/S)"
* derivedFrom MS
* obeys ket-score-phq9 and ket-score-gad7 and ket-score-bdi2 and ket-score-madrs and ket-score-hamd17 and ket-score-qids and ket-score-pcl5 and ket-score-cadss and ket-score-moaas

Invariant: ket-score-phq9
Description: "A PHQ-9 total is between 0 and 27."
Expression: "code.coding.where(system = 'http://loinc.org' and code = '44261-6').exists() implies (value.ofType(integer) >= 0 and value.ofType(integer) <= 27)"
Severity: #error

Invariant: ket-score-gad7
Description: "A GAD-7 total is between 0 and 21."
Expression: "code.coding.where(system = 'http://loinc.org' and code = '70274-6').exists() implies (value.ofType(integer) >= 0 and value.ofType(integer) <= 21)"
Severity: #error

Invariant: ket-score-bdi2
Description: "A BDI-II total is between 0 and 63."
Expression: "code.coding.where(system = 'http://loinc.org' and code = '89209-1').exists() implies (value.ofType(integer) >= 0 and value.ofType(integer) <= 63)"
Severity: #error

Invariant: ket-score-madrs
Description: "A MADRS total is between 0 and 60."
Expression: "code.coding.where(code = 'madrs').exists() implies (value.ofType(integer) >= 0 and value.ofType(integer) <= 60)"
Severity: #error

Invariant: ket-score-hamd17
Description: "A HAM-D17 total is between 0 and 52."
Expression: "code.coding.where(code = 'hamd-17').exists() implies (value.ofType(integer) >= 0 and value.ofType(integer) <= 52)"
Severity: #error

Invariant: ket-score-qids
Description: "A QIDS-SR16 total is between 0 and 27."
Expression: "code.coding.where(code = 'qids-sr16').exists() implies (value.ofType(integer) >= 0 and value.ofType(integer) <= 27)"
Severity: #error

Invariant: ket-score-pcl5
Description: "A PCL-5 total is between 0 and 80."
Expression: "code.coding.where(code = 'pcl-5').exists() implies (value.ofType(integer) >= 0 and value.ofType(integer) <= 80)"
Severity: #error

Invariant: ket-score-cadss
Description: "A CADSS total is between 0 and 92."
Expression: "code.coding.where(code = 'cadss').exists() implies (value.ofType(integer) >= 0 and value.ofType(integer) <= 92)"
Severity: #error

Invariant: ket-score-moaas
Description: "A MOAA/S score is between 0 and 5."
Expression: "code.coding.where(code = 'moaas').exists() implies (value.ofType(integer) >= 0 and value.ofType(integer) <= 5)"
Severity: #error
