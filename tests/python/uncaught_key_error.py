# An uncaught KeyError: its message is the repr of the key.
config = {"host": "localhost", "port": 8080}
for key in ["host", "port"]:
    print(key, "=", config[key])
def lookup(name):
    return config[name]
print("timeout" in config, config.get("timeout"))
print(lookup("user's name"))
