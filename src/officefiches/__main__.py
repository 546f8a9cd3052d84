from officefiches.cli import main

main()
