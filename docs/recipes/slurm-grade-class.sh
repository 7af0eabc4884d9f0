#!/bin/bash
# Grades a class of imdb-kata copies on a Slurm cluster: one array task per shard (docs/grading.md,
# "Grading a course"). Every task runs the same command: make grade SUBMISSIONS=dir SHARD=i/N.
# The kata's self-tests run shellcheck on this file and run it with a stand-in make (selftest/test_recipes.py).
#
# Once, on a login node, in YOUR checkout of the kata (on a file system the compute nodes share):
#   make install                                  # .venv: never let N tasks build it at once
#   make grade-prepare OUT="$PWD/prepared"        # the judge's reference training, once for every shard
#   mkdir -p logs                                 # Slurm does not create the --output folder
# Then submit the shards, and the merge to run once they all succeeded:
#   jobid=$(sbatch --parsable --array=1-8 slurm-grade-class.sh)
#   sbatch --dependency=afterok:"$jobid" --wrap 'make grade-merge'
# (afterany instead of afterok merges even when a shard failed: the merge then names it missing.)
# A task that failed (the merge names its shard): grade that shard again, keeping the rows it has:
#   RESUME=1 srun --cpus-per-task=2 make grade SUBMISSIONS="$PWD/submissions" SHARD=3/8 && make grade-merge
# The --array on the command line wins over the one below; always start at 1, step 1.
#
# Placeholders, as environment variables at sbatch time (sbatch passes your environment on):
# SUBMISSIONS (one sub-folder per learner; default ./submissions), KATA_DATA_DIR (optional: a folder
# with imdb.npz and imdb_word_index.json, for compute nodes without internet), CHECKOUT (the kata;
# default: where you ran sbatch); and the #SBATCH limits below (add --partition/--account as your site wants).
# Each task keeps the kata's cache on its node (KATA_CACHE_DIR, under $TMPDIR), filled from the
# preparation: no task waits for another's lock on the shared file system.
# The compute nodes need bubblewrap and unprivileged user namespaces (check with
# `srun bwrap --ro-bind / / --unshare-all true`); ask your admins if it fails: the sandbox is what
# keeps the learners' code away from your files, so do not grade with NO_SANDBOX=1 here.
#
#SBATCH --job-name=kata-grade
#SBATCH --array=1-8
#SBATCH --cpus-per-task=2
#SBATCH --mem=8G
#SBATCH --time=02:00:00
#SBATCH --output=logs/grade-%A_%a.out
set -euo pipefail

N=${SLURM_ARRAY_TASK_COUNT:?submit this script with sbatch --array=1-N}
i=${SLURM_ARRAY_TASK_ID:?submit this script with sbatch --array=1-N}
if [ "${SLURM_ARRAY_TASK_MIN:-}" != 1 ] || [ "${SLURM_ARRAY_TASK_MAX:-}" != "$N" ]; then
    echo "the array must be 1-N with step 1 (got ${SLURM_ARRAY_TASK_MIN:-?}-${SLURM_ARRAY_TASK_MAX:-?} for $N tasks)" >&2
    exit 2
fi

cd "${CHECKOUT:-$SLURM_SUBMIT_DIR}"                       # the kata checkout sbatch was run from
SUBMISSIONS=${SUBMISSIONS:-$PWD/submissions}
export KATA_PREPARED=${KATA_PREPARED:-$PWD/prepared}
export KATA_CACHE_DIR=${KATA_CACHE_DIR:-${TMPDIR:-/tmp}/kata-cache-${SLURM_ARRAY_JOB_ID:-0}-$i}

echo "shard $i of $N on $(hostname), ${SLURM_CPUS_PER_TASK:-?} CPUs"
make grade SUBMISSIONS="$SUBMISSIONS" SHARD="$i/$N"      # writes grade/shard-$i-of-$N/
