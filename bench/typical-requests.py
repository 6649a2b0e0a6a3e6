#!/usr/bin/env python3
"""Writes bench/requests/typical/NN.json: the "typical" load-benchmark workload (issue 16 section 4).

Twenty order-sign requests of 1-3 ordinary orders (laboratory, imaging, office-visit and surgery CPT codes that no
shipped policy governs), request 20 of every 20 also carrying the IRE order for pancreatic cancer; each with the full
prefetch of bench/requests/order-sign-two-orders.json (patient, coverage, conditions, devices). The list is fixed (no
randomness), so every run rotates through the same bodies. Re-run after changing that request:

    python3 bench/typical-requests.py
"""
import copy
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent
BASE = ROOT / "requests" / "order-sign-two-orders.json"
OUT = ROOT / "requests" / "typical"
CPT = "http://www.ama-assn.org/go/cpt"
SNOMED = "http://snomed.info/sct"

# (CPT code, display, category SNOMED code, category display)
LAB = ("108252007", "Laboratory procedure")
IMAGING = ("363679005", "Imaging")
VISIT = ("11429006", "Consultation")
SURGERY = ("387713003", "Surgical procedure")
ORDINARY = [
    ("80053", "Comprehensive metabolic panel", LAB),
    ("85025", "Complete blood count with automated differential", LAB),
    ("83036", "Hemoglobin A1c", LAB),
    ("80061", "Lipid panel", LAB),
    ("84443", "Thyroid stimulating hormone", LAB),
    ("82565", "Creatinine; blood", LAB),
    ("71046", "Radiologic examination, chest; 2 views", IMAGING),
    ("74177", "CT abdomen and pelvis with contrast", IMAGING),
    ("70553", "MRI brain without and with contrast", IMAGING),
    ("76700", "Ultrasound, abdominal, complete", IMAGING),
    ("77067", "Screening mammography, bilateral", IMAGING),
    ("99213", "Office or other outpatient visit, established patient, low complexity", VISIT),
    ("99214", "Office or other outpatient visit, established patient, moderate complexity", VISIT),
    ("99203", "Office or other outpatient visit, new patient, low complexity", VISIT),
    ("47562", "Laparoscopic cholecystectomy", SURGERY),
    ("29881", "Arthroscopy, knee, with meniscectomy", SURGERY),
    ("27447", "Total knee arthroplasty", SURGERY),
    ("66984", "Cataract removal with intraocular lens insertion", SURGERY),
    ("45378", "Colonoscopy, diagnostic", SURGERY),
]
BODIES = 20
IRE_EVERY = 20  # request 20 of every 20 carries the IRE order


def ordinary_order(base_order, index, code, display, category):
    order = {key: copy.deepcopy(base_order[key]) for key in ("resourceType", "status", "intent", "subject",
                                                             "encounter", "authoredOn", "requester", "insurance")}
    order["id"] = "order-%d" % index
    order["category"] = [{"coding": [{"system": SNOMED, "code": category[0], "display": category[1]}]}]
    order["code"] = {"coding": [{"system": CPT, "code": code, "display": display}]}
    return order


def main():
    base = json.loads(BASE.read_text())
    ire_order, ct_order = (e["resource"] for e in base["context"]["draftOrders"]["entry"])
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()
    next_code = 0
    for n in range(1, BODIES + 1):
        body = copy.deepcopy(base)
        body["hookInstance"] = "00000000-0000-4000-8000-%012d" % n
        count = 1 + (n - 1) % 3  # 1, 2, 3, 1, 2, 3... orders per request
        orders = []
        for i in range(count):
            code, display, category = ORDINARY[next_code % len(ORDINARY)]
            next_code += 1
            orders.append(ordinary_order(ct_order, i + 1, code, display, category))
        if n % IRE_EVERY == 0:
            orders.append(copy.deepcopy(ire_order))
        body["context"]["draftOrders"]["entry"] = [{"resource": o} for o in orders]
        (OUT / ("%02d.json" % n)).write_text(json.dumps(body, indent=2) + "\n")


if __name__ == "__main__":
    main()
