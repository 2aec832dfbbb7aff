Instance: iv-s1-bp-pre
InstanceOf: SessionBloodPressure
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-iv)
* encounter = Reference(iv-encounter-1)
* partOf = Reference(iv-session-1)
* effectiveDateTime = "2026-01-05T08:55:00Z"
* extension[timePoint].extension[point].valueCode = #pre-dose
* code.coding[BPCode] = $loinc#85354-9 "Blood pressure panel with all children optional"
* component[SystolicBP].valueQuantity = 126 'mm[Hg]' "mmHg"
* component[DiastolicBP].valueQuantity = 80 'mm[Hg]' "mmHg"

Instance: iv-s1-hr-pre
InstanceOf: SessionHeartRate
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-iv)
* encounter = Reference(iv-encounter-1)
* partOf = Reference(iv-session-1)
* effectiveDateTime = "2026-01-05T08:55:00Z"
* extension[timePoint].extension[point].valueCode = #pre-dose
* code.coding[HeartRateCode] = $loinc#8867-4 "Heart rate"
* valueQuantity = 74 '/min' "beats/minute"

Instance: iv-s1-spo2-pre
InstanceOf: SessionOxygenSaturation
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-iv)
* encounter = Reference(iv-encounter-1)
* partOf = Reference(iv-session-1)
* effectiveDateTime = "2026-01-05T08:55:00Z"
* extension[timePoint].extension[point].valueCode = #pre-dose
* code.coding[OxygenSatCode] = $loinc#2708-6 "Oxygen saturation in Arterial blood"
* code.coding[PulseOx] = $loinc#59408-5 "Oxygen saturation in Arterial blood by Pulse oximetry"
* valueQuantity = 98 '%' "%"

Instance: iv-s1-rr-pre
InstanceOf: SessionRespiratoryRate
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-iv)
* encounter = Reference(iv-encounter-1)
* partOf = Reference(iv-session-1)
* effectiveDateTime = "2026-01-05T08:55:00Z"
* extension[timePoint].extension[point].valueCode = #pre-dose
* code.coding[RespRateCode] = $loinc#9279-1 "Respiratory rate"
* valueQuantity = 14 '/min' "breaths/minute"

Instance: iv-s1-bp-10min
InstanceOf: SessionBloodPressure
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-iv)
* encounter = Reference(iv-encounter-1)
* partOf = Reference(iv-session-1)
* effectiveDateTime = "2026-01-05T09:10:00Z"
* extension[timePoint].extension[point].valueCode = #intra-session
* extension[timePoint].extension[minutesAfterStart].valueInteger = 10
* code.coding[BPCode] = $loinc#85354-9 "Blood pressure panel with all children optional"
* component[SystolicBP].valueQuantity = 134 'mm[Hg]' "mmHg"
* component[DiastolicBP].valueQuantity = 84 'mm[Hg]' "mmHg"

Instance: iv-s1-hr-10min
InstanceOf: SessionHeartRate
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-iv)
* encounter = Reference(iv-encounter-1)
* partOf = Reference(iv-session-1)
* effectiveDateTime = "2026-01-05T09:10:00Z"
* extension[timePoint].extension[point].valueCode = #intra-session
* extension[timePoint].extension[minutesAfterStart].valueInteger = 10
* code.coding[HeartRateCode] = $loinc#8867-4 "Heart rate"
* valueQuantity = 80 '/min' "beats/minute"

Instance: iv-s1-spo2-10min
InstanceOf: SessionOxygenSaturation
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-iv)
* encounter = Reference(iv-encounter-1)
* partOf = Reference(iv-session-1)
* effectiveDateTime = "2026-01-05T09:10:00Z"
* extension[timePoint].extension[point].valueCode = #intra-session
* extension[timePoint].extension[minutesAfterStart].valueInteger = 10
* code.coding[OxygenSatCode] = $loinc#2708-6 "Oxygen saturation in Arterial blood"
* code.coding[PulseOx] = $loinc#59408-5 "Oxygen saturation in Arterial blood by Pulse oximetry"
* valueQuantity = 97 '%' "%"

Instance: iv-s1-bp-20min
InstanceOf: SessionBloodPressure
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-iv)
* encounter = Reference(iv-encounter-1)
* partOf = Reference(iv-session-1)
* effectiveDateTime = "2026-01-05T09:20:00Z"
* extension[timePoint].extension[point].valueCode = #intra-session
* extension[timePoint].extension[minutesAfterStart].valueInteger = 20
* code.coding[BPCode] = $loinc#85354-9 "Blood pressure panel with all children optional"
* component[SystolicBP].valueQuantity = 142 'mm[Hg]' "mmHg"
* component[DiastolicBP].valueQuantity = 88 'mm[Hg]' "mmHg"

Instance: iv-s1-hr-20min
InstanceOf: SessionHeartRate
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-iv)
* encounter = Reference(iv-encounter-1)
* partOf = Reference(iv-session-1)
* effectiveDateTime = "2026-01-05T09:20:00Z"
* extension[timePoint].extension[point].valueCode = #intra-session
* extension[timePoint].extension[minutesAfterStart].valueInteger = 20
* code.coding[HeartRateCode] = $loinc#8867-4 "Heart rate"
* valueQuantity = 84 '/min' "beats/minute"

Instance: iv-s1-spo2-20min
InstanceOf: SessionOxygenSaturation
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-iv)
* encounter = Reference(iv-encounter-1)
* partOf = Reference(iv-session-1)
* effectiveDateTime = "2026-01-05T09:20:00Z"
* extension[timePoint].extension[point].valueCode = #intra-session
* extension[timePoint].extension[minutesAfterStart].valueInteger = 20
* code.coding[OxygenSatCode] = $loinc#2708-6 "Oxygen saturation in Arterial blood"
* code.coding[PulseOx] = $loinc#59408-5 "Oxygen saturation in Arterial blood by Pulse oximetry"
* valueQuantity = 97 '%' "%"

Instance: iv-s1-bp-30min
InstanceOf: SessionBloodPressure
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-iv)
* encounter = Reference(iv-encounter-1)
* partOf = Reference(iv-session-1)
* effectiveDateTime = "2026-01-05T09:30:00Z"
* extension[timePoint].extension[point].valueCode = #intra-session
* extension[timePoint].extension[minutesAfterStart].valueInteger = 30
* code.coding[BPCode] = $loinc#85354-9 "Blood pressure panel with all children optional"
* component[SystolicBP].valueQuantity = 146 'mm[Hg]' "mmHg"
* component[DiastolicBP].valueQuantity = 90 'mm[Hg]' "mmHg"

Instance: iv-s1-hr-30min
InstanceOf: SessionHeartRate
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-iv)
* encounter = Reference(iv-encounter-1)
* partOf = Reference(iv-session-1)
* effectiveDateTime = "2026-01-05T09:30:00Z"
* extension[timePoint].extension[point].valueCode = #intra-session
* extension[timePoint].extension[minutesAfterStart].valueInteger = 30
* code.coding[HeartRateCode] = $loinc#8867-4 "Heart rate"
* valueQuantity = 86 '/min' "beats/minute"

Instance: iv-s1-spo2-30min
InstanceOf: SessionOxygenSaturation
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-iv)
* encounter = Reference(iv-encounter-1)
* partOf = Reference(iv-session-1)
* effectiveDateTime = "2026-01-05T09:30:00Z"
* extension[timePoint].extension[point].valueCode = #intra-session
* extension[timePoint].extension[minutesAfterStart].valueInteger = 30
* code.coding[OxygenSatCode] = $loinc#2708-6 "Oxygen saturation in Arterial blood"
* code.coding[PulseOx] = $loinc#59408-5 "Oxygen saturation in Arterial blood by Pulse oximetry"
* valueQuantity = 96 '%' "%"

Instance: iv-s1-bp-40min
InstanceOf: SessionBloodPressure
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-iv)
* encounter = Reference(iv-encounter-1)
* partOf = Reference(iv-session-1)
* effectiveDateTime = "2026-01-05T09:40:00Z"
* extension[timePoint].extension[point].valueCode = #intra-session
* extension[timePoint].extension[minutesAfterStart].valueInteger = 40
* code.coding[BPCode] = $loinc#85354-9 "Blood pressure panel with all children optional"
* component[SystolicBP].valueQuantity = 140 'mm[Hg]' "mmHg"
* component[DiastolicBP].valueQuantity = 88 'mm[Hg]' "mmHg"

Instance: iv-s1-hr-40min
InstanceOf: SessionHeartRate
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-iv)
* encounter = Reference(iv-encounter-1)
* partOf = Reference(iv-session-1)
* effectiveDateTime = "2026-01-05T09:40:00Z"
* extension[timePoint].extension[point].valueCode = #intra-session
* extension[timePoint].extension[minutesAfterStart].valueInteger = 40
* code.coding[HeartRateCode] = $loinc#8867-4 "Heart rate"
* valueQuantity = 82 '/min' "beats/minute"

Instance: iv-s1-spo2-40min
InstanceOf: SessionOxygenSaturation
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-iv)
* encounter = Reference(iv-encounter-1)
* partOf = Reference(iv-session-1)
* effectiveDateTime = "2026-01-05T09:40:00Z"
* extension[timePoint].extension[point].valueCode = #intra-session
* extension[timePoint].extension[minutesAfterStart].valueInteger = 40
* code.coding[OxygenSatCode] = $loinc#2708-6 "Oxygen saturation in Arterial blood"
* code.coding[PulseOx] = $loinc#59408-5 "Oxygen saturation in Arterial blood by Pulse oximetry"
* valueQuantity = 97 '%' "%"

Instance: iv-s1-rr-40min
InstanceOf: SessionRespiratoryRate
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-iv)
* encounter = Reference(iv-encounter-1)
* partOf = Reference(iv-session-1)
* effectiveDateTime = "2026-01-05T09:40:00Z"
* extension[timePoint].extension[point].valueCode = #intra-session
* extension[timePoint].extension[minutesAfterStart].valueInteger = 40
* code.coding[RespRateCode] = $loinc#9279-1 "Respiratory rate"
* valueQuantity = 12 '/min' "breaths/minute"

Instance: iv-s1-bp-discharge
InstanceOf: SessionBloodPressure
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-iv)
* encounter = Reference(iv-encounter-1)
* partOf = Reference(iv-session-1)
* effectiveDateTime = "2026-01-05T10:30:00Z"
* extension[timePoint].extension[point].valueCode = #pre-discharge
* extension[timePoint].extension[minutesAfterStart].valueInteger = 90
* code.coding[BPCode] = $loinc#85354-9 "Blood pressure panel with all children optional"
* component[SystolicBP].valueQuantity = 128 'mm[Hg]' "mmHg"
* component[DiastolicBP].valueQuantity = 82 'mm[Hg]' "mmHg"

Instance: iv-s1-hr-discharge
InstanceOf: SessionHeartRate
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-iv)
* encounter = Reference(iv-encounter-1)
* partOf = Reference(iv-session-1)
* effectiveDateTime = "2026-01-05T10:30:00Z"
* extension[timePoint].extension[point].valueCode = #pre-discharge
* extension[timePoint].extension[minutesAfterStart].valueInteger = 90
* code.coding[HeartRateCode] = $loinc#8867-4 "Heart rate"
* valueQuantity = 76 '/min' "beats/minute"

Instance: iv-s1-spo2-discharge
InstanceOf: SessionOxygenSaturation
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-iv)
* encounter = Reference(iv-encounter-1)
* partOf = Reference(iv-session-1)
* effectiveDateTime = "2026-01-05T10:30:00Z"
* extension[timePoint].extension[point].valueCode = #pre-discharge
* extension[timePoint].extension[minutesAfterStart].valueInteger = 90
* code.coding[OxygenSatCode] = $loinc#2708-6 "Oxygen saturation in Arterial blood"
* code.coding[PulseOx] = $loinc#59408-5 "Oxygen saturation in Arterial blood by Pulse oximetry"
* valueQuantity = 98 '%' "%"

Instance: iv-s1-rr-discharge
InstanceOf: SessionRespiratoryRate
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-iv)
* encounter = Reference(iv-encounter-1)
* partOf = Reference(iv-session-1)
* effectiveDateTime = "2026-01-05T10:30:00Z"
* extension[timePoint].extension[point].valueCode = #pre-discharge
* extension[timePoint].extension[minutesAfterStart].valueInteger = 90
* code.coding[RespRateCode] = $loinc#9279-1 "Respiratory rate"
* valueQuantity = 14 '/min' "breaths/minute"
