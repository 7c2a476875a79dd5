# Computes the Kaplan-Meier reference for tests/unit/test_insight_engine.c with
# R's survival::survfit: every data set of km_data.csv, each band type.
# Usage: Rscript km_reference.R km_data.csv out.csv
# (km_expected.csv, committed next to this script, was made this way:
#  Rscript tests/data/insight/km_reference.R tests/data/insight/km_data.csv tests/data/insight/km_expected.csv)
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE)
fmt <- function(x) ifelse(is.na(x), "NA", ifelse(is.infinite(x), "Inf", sprintf("%.17g", x)))
out <- file(args[2], "w")
writeLines("dataset,conf_type,time,n_risk,n_event,n_censor,surv,std_err,lower,upper", out)
for (name in unique(d$dataset)) {
    s <- d[d$dataset == name, ]
    for (ct in c("log-log", "log", "plain")) {
        f <- survfit(Surv(time, status) ~ 1, data = s, conf.type = ct, conf.int = 0.95)
        writeLines(paste(name, ct, fmt(f$time), f$n.risk, f$n.event, f$n.censor, fmt(f$surv), fmt(f$std.err),
                         fmt(f$lower), fmt(f$upper), sep = ","), out)
    }
}
close(out)
cat("survival", as.character(packageVersion("survival")), "\n")
