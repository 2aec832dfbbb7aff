Instance: iv-baseline-weight
InstanceOf: $bodyweight
Title: "Baseline weight"
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* code.coding[BodyWeightCode] = $loinc#29463-7 "Body weight"
* subject = Reference(patient-iv)
* effectiveDateTime = "2026-01-02T10:00:00Z"
* valueQuantity = 80 'kg' "kg"

Instance: iv-baseline-bmi
InstanceOf: $bmi
Title: "Baseline BMI"
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* code.coding[BMICode] = $loinc#39156-5 "Body mass index (BMI) [Ratio]"
* subject = Reference(patient-iv)
* effectiveDateTime = "2026-01-02T10:00:00Z"
* valueQuantity = 26.1 'kg/m2' "kg/m2"

Instance: iv-baseline-bp
InstanceOf: $bp
Title: "Baseline blood pressure"
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* code.coding[BPCode] = $loinc#85354-9 "Blood pressure panel with all children optional"
* subject = Reference(patient-iv)
* effectiveDateTime = "2026-01-02T10:05:00Z"
* component[SystolicBP].valueQuantity = 128 'mm[Hg]' "mmHg"
* component[DiastolicBP].valueQuantity = 82 'mm[Hg]' "mmHg"

Instance: iv-baseline-hr
InstanceOf: $heartrate
Title: "Baseline heart rate"
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* code.coding[HeartRateCode] = $loinc#8867-4 "Heart rate"
* subject = Reference(patient-iv)
* effectiveDateTime = "2026-01-02T10:05:00Z"
* valueQuantity = 74 '/min' "beats/minute"

Instance: esk-baseline-weight
InstanceOf: $bodyweight
Title: "Baseline weight"
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* code.coding[BodyWeightCode] = $loinc#29463-7 "Body weight"
* subject = Reference(patient-esk)
* effectiveDateTime = "2026-02-02T10:00:00Z"
* valueQuantity = 64 'kg' "kg"

Instance: esk-baseline-bmi
InstanceOf: $bmi
Title: "Baseline BMI"
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* code.coding[BMICode] = $loinc#39156-5 "Body mass index (BMI) [Ratio]"
* subject = Reference(patient-esk)
* effectiveDateTime = "2026-02-02T10:00:00Z"
* valueQuantity = 23.5 'kg/m2' "kg/m2"

Instance: esk-baseline-bp
InstanceOf: $bp
Title: "Baseline blood pressure"
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* code.coding[BPCode] = $loinc#85354-9 "Blood pressure panel with all children optional"
* subject = Reference(patient-esk)
* effectiveDateTime = "2026-02-02T10:05:00Z"
* component[SystolicBP].valueQuantity = 118 'mm[Hg]' "mmHg"
* component[DiastolicBP].valueQuantity = 76 'mm[Hg]' "mmHg"

Instance: esk-baseline-hr
InstanceOf: $heartrate
Title: "Baseline heart rate"
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* code.coding[HeartRateCode] = $loinc#8867-4 "Heart rate"
* subject = Reference(patient-esk)
* effectiveDateTime = "2026-02-02T10:05:00Z"
* valueQuantity = 70 '/min' "beats/minute"

Instance: ne-baseline-weight
InstanceOf: $bodyweight
Title: "Baseline weight"
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* code.coding[BodyWeightCode] = $loinc#29463-7 "Body weight"
* subject = Reference(patient-not-eligible)
* effectiveDateTime = "2026-03-02T10:00:00Z"
* valueQuantity = 91 'kg' "kg"

Instance: ne-baseline-bmi
InstanceOf: $bmi
Title: "Baseline BMI"
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* code.coding[BMICode] = $loinc#39156-5 "Body mass index (BMI) [Ratio]"
* subject = Reference(patient-not-eligible)
* effectiveDateTime = "2026-03-02T10:00:00Z"
* valueQuantity = 29.4 'kg/m2' "kg/m2"

Instance: ne-baseline-bp
InstanceOf: $bp
Title: "Baseline blood pressure"
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* code.coding[BPCode] = $loinc#85354-9 "Blood pressure panel with all children optional"
* subject = Reference(patient-not-eligible)
* effectiveDateTime = "2026-03-02T10:05:00Z"
* component[SystolicBP].valueQuantity = 136 'mm[Hg]' "mmHg"
* component[DiastolicBP].valueQuantity = 88 'mm[Hg]' "mmHg"

Instance: ne-baseline-hr
InstanceOf: $heartrate
Title: "Baseline heart rate"
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* code.coding[HeartRateCode] = $loinc#8867-4 "Heart rate"
* subject = Reference(patient-not-eligible)
* effectiveDateTime = "2026-03-02T10:05:00Z"
* valueQuantity = 80 '/min' "beats/minute"
