gqlforge::gql! {
    query SubscriptionById($id: Int!) {
        subscription(id: $id) {
            customer
        }
    }
}

fn main() {}
