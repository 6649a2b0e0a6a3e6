-- Which prefetch keys the service read from the EHR's FHIR server itself (fallback reads), beside those the EHR
-- prefetched and those that could not be had: the audit says where every piece of patient data came from.
ALTER TABLE service_call ADD COLUMN fetched TEXT NOT NULL DEFAULT '[]';
