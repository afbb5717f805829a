from reportedly.cli import app

app(prog_name="reportedly")
