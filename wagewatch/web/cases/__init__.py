"""The clerk's case registry: complaints, workers, workflow, payment orders, recoveries."""
