/*
 * pcf — product carbon footprints (ISO 14067, GB/T 24067-2024).
 * Copyright (C) 2026 the pcf authors. GPL-3.0-or-later; see LICENSE.
 */

/**
 * @file pcf/pcf.h
 * @brief The umbrella header: includes every public pcf module.
 */
#ifndef PCF_PCF_H
#define PCF_PCF_H

#include "pcf/common.h"
#include "pcf/version.h"
#include "pcf/units.h"
#include "pcf/gwp.h"
#include "pcf/dist.h"
#include "pcf/mc.h"
#include "pcf/db.h"
#include "pcf/model.h"
#include "pcf/system.h"
#include "pcf/calc.h"
#include "pcf/report.h"
#include "pcf/pact.h"
#include "pcf/dq.h"
#include "pcf/lci.h"
#include "pcf/cbam.h"
#include "pcf/regime.h"
#include "pcf/battery.h"
#include "pcf/batch.h"
#include "pcf/site.h"

#endif /* PCF_PCF_H */
