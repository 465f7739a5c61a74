"""`python -m sanbao` runs the same command as `sanbao`."""

from sanbao.manage import main

main()
