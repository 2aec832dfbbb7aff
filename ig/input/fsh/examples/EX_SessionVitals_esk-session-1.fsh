Instance: esk-s1-bp-pre
InstanceOf: SessionBloodPressure
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-esk)
* encounter = Reference(esk-encounter-1)
* partOf = Reference(esk-session-1)
* effectiveDateTime = "2026-02-05T09:55:00Z"
* extension[timePoint].extension[point].valueCode = #pre-dose
* code.coding[BPCode] = $loinc#85354-9 "Blood pressure panel with all children optional"
* component[SystolicBP].valueQuantity = 122 'mm[Hg]' "mmHg"
* component[DiastolicBP].valueQuantity = 78 'mm[Hg]' "mmHg"

Instance: esk-s1-spo2-pre
InstanceOf: SessionOxygenSaturation
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-esk)
* encounter = Reference(esk-encounter-1)
* partOf = Reference(esk-session-1)
* effectiveDateTime = "2026-02-05T09:55:00Z"
* extension[timePoint].extension[point].valueCode = #pre-dose
* code.coding[OxygenSatCode] = $loinc#2708-6 "Oxygen saturation in Arterial blood"
* code.coding[PulseOx] = $loinc#59408-5 "Oxygen saturation in Arterial blood by Pulse oximetry"
* valueQuantity = 98 '%' "%"

Instance: esk-s1-bp-40min
InstanceOf: SessionBloodPressure
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-esk)
* encounter = Reference(esk-encounter-1)
* partOf = Reference(esk-session-1)
* effectiveDateTime = "2026-02-05T10:40:00Z"
* extension[timePoint].extension[point].valueCode = #intra-session
* extension[timePoint].extension[minutesAfterStart].valueInteger = 40
* code.coding[BPCode] = $loinc#85354-9 "Blood pressure panel with all children optional"
* component[SystolicBP].valueQuantity = 138 'mm[Hg]' "mmHg"
* component[DiastolicBP].valueQuantity = 88 'mm[Hg]' "mmHg"

Instance: esk-s1-spo2-40min
InstanceOf: SessionOxygenSaturation
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-esk)
* encounter = Reference(esk-encounter-1)
* partOf = Reference(esk-session-1)
* effectiveDateTime = "2026-02-05T10:40:00Z"
* extension[timePoint].extension[point].valueCode = #intra-session
* extension[timePoint].extension[minutesAfterStart].valueInteger = 40
* code.coding[OxygenSatCode] = $loinc#2708-6 "Oxygen saturation in Arterial blood"
* code.coding[PulseOx] = $loinc#59408-5 "Oxygen saturation in Arterial blood by Pulse oximetry"
* valueQuantity = 97 '%' "%"

Instance: esk-s1-bp-discharge
InstanceOf: SessionBloodPressure
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-esk)
* encounter = Reference(esk-encounter-1)
* partOf = Reference(esk-session-1)
* effectiveDateTime = "2026-02-05T12:00:00Z"
* extension[timePoint].extension[point].valueCode = #pre-discharge
* extension[timePoint].extension[minutesAfterStart].valueInteger = 120
* code.coding[BPCode] = $loinc#85354-9 "Blood pressure panel with all children optional"
* component[SystolicBP].valueQuantity = 124 'mm[Hg]' "mmHg"
* component[DiastolicBP].valueQuantity = 80 'mm[Hg]' "mmHg"

Instance: esk-s1-spo2-discharge
InstanceOf: SessionOxygenSaturation
Usage: #example
* status = #final
* category[VSCat] = $obs-category#vital-signs
* subject = Reference(patient-esk)
* encounter = Reference(esk-encounter-1)
* partOf = Reference(esk-session-1)
* effectiveDateTime = "2026-02-05T12:00:00Z"
* extension[timePoint].extension[point].valueCode = #pre-discharge
* extension[timePoint].extension[minutesAfterStart].valueInteger = 120
* code.coding[OxygenSatCode] = $loinc#2708-6 "Oxygen saturation in Arterial blood"
* code.coding[PulseOx] = $loinc#59408-5 "Oxygen saturation in Arterial blood by Pulse oximetry"
* valueQuantity = 98 '%' "%"
