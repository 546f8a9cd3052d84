from officefiches.entry import run

run()
