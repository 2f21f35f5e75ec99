"""The statistics figures, one module per subject: declarations (stages and pass rates), post
quotas, continuing education and certificates. reports.selectors.statistics_figures puts them
together for the reader's scope."""
