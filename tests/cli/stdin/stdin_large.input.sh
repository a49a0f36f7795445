#!/bin/sh
# 200,000 numbered lines, 1.2 MB.
seq 1 200000
