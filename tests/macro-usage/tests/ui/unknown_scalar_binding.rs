gqlforge::gql! {
    scalars = { DateTim = "String" },
    query SubscriptionById($id: Int!) {
        subscription(id: $id) {
            id
        }
    }
}

fn main() {}
