# staticmethod, classmethod, property (getter/setter/deleter), class state.
class Temperature:
    unit_count = 0

    def __init__(self, celsius=0.0):
        self._c = celsius
        Temperature.unit_count += 1

    @property
    def celsius(self):
        return self._c

    @celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError(f"too cold: {value}")
        self._c = value

    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32

    @staticmethod
    def c_to_f(c):
        return c * 9 / 5 + 32

    @classmethod
    def from_fahrenheit(cls, f):
        return cls((f - 32) * 5 / 9)

    @classmethod
    def count(cls):
        return cls.unit_count

t = Temperature(25)
print(t.celsius, t.fahrenheit)
t.celsius = -40
print(t.celsius, t.fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError:", e)
print(t.celsius)
try:
    t.fahrenheit = 5
except AttributeError as e:
    print("AttributeError:", e)
print(Temperature.c_to_f(100), t.c_to_f(0))
u = Temperature.from_fahrenheit(212)
print(u.celsius, type(u).__name__, Temperature.count(), u.count())

class Kelvin(Temperature):
    @property
    def kelvin(self):
        return round(self.celsius + 273.15, 2)

k = Kelvin.from_fahrenheit(32)
print(type(k).__name__, k.celsius, k.kelvin, Kelvin.count())

class Account:
    _next_id = 1

    def __init__(self, owner):
        self.owner = owner
        self.id = Account._next_id
        Account._next_id += 1
        self._balance = 0

    @property
    def balance(self):
        return self._balance

    @balance.deleter
    def balance(self):
        print("resetting", self.owner)
        self._balance = 0

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("amount must be positive")
        self._balance += amount
        return self._balance

    @staticmethod
    def validate(owner):
        return isinstance(owner, str) and len(owner) > 0

accts = [Account("ann"), Account("bob")]
print([(a.id, a.owner) for a in accts])
print(accts[0].deposit(50), accts[0].deposit(25), accts[0].balance)
del accts[0].balance
print(accts[0].balance)
try:
    accts[1].deposit(-5)
except ValueError as e:
    print("ValueError:", e, e.args)
print(Account.validate("x"), Account.validate(""), Account.validate(3))

class Circle:
    def __init__(self, r):
        self.r = r

    @property
    def area(self):
        return round(3.14159 * self.r ** 2, 3)

    @property
    def diameter(self):
        return self.r * 2

    @diameter.setter
    def diameter(self, d):
        self.r = d / 2

c = Circle(2)
print(c.area, c.diameter)
c.diameter = 10
print(c.r, c.area)
